/* libFuzzer target: the WARC reader and the HTTP payload decoder, over
 * arbitrary bytes (plain or gzip), record by record to the end. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../../fetcher/warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/nw-fuzz-warc-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    struct warc_reader *r;
    struct nw_err err = {0};
    if (warc_open(&r, path, 1 << 20, &err) == 0) {
        struct warc_record rec;
        int rc;
        uint64_t last_bad = UINT64_MAX;
        int same = 0;
        for (int n = 0; n < 10000 && (rc = warc_next(r, &rec, &err)) != 0; n++) {
            if (rc < 0) {
                /* after a malformed record the reader has moved on (in
                 * the file, or in a member or frame decompressed at once:
                 * warc_progress); one place may be reported twice (the
                 * record, then the gzip data it was cut from), a third
                 * time would be a loop that never ends */
                uint64_t at = warc_progress(r);
                same = at == last_bad ? same + 1 : 0;
                if (same >= 2)
                    abort();
                last_bad = at;
            } else {
                same = 0;
                last_bad = UINT64_MAX;
            }
            if (rc == 1) {
                struct warc_http h;
                if (rec.block && warc_http_parse(rec.block, rec.block_len, 1 << 20, &h, &err) == 0)
                    warc_http_cleanup(&h);
                if (rec.seekable) {
                    struct warc_record again;
                    if (warc_read_at(path, rec.offset, 1 << 20, &again, &err) == 1)
                        warc_record_cleanup(&again);
                }
                warc_record_cleanup(&rec);
            }
        }
        warc_close(r);
    }
    unlink(path);
    return 0;
}
