/* libFuzzer target: the message reader (JSON frame to noun) over
 * arbitrary bytes, for every message kind; what it accepts must write
 * back to JSON that reads again to the same JSON. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/msg.h"

static void one(const struct nw_noun *n, const uint8_t *data, size_t size)
{
    struct nw_msg ma, mb; /* its union holds any message's noun */
    void *a = &ma.u, *b = &mb.u;
    struct nw_err err = {0};
    if (nw_noun_from_json(n, a, (const char *)data, size, &err) != 0)
        return;
    struct nw_buf j1 = {0}, j2 = {0};
    nw_noun_to_json(n, a, &j1, 0);
    if (nw_noun_from_json(n, b, (const char *)j1.data, j1.len, &err) != 0)
        abort(); /* what we write, we read */
    nw_noun_to_json(n, b, &j2, 0);
    if (j1.len != j2.len || memcmp(j1.data, j2.data, j1.len))
        abort(); /* and it reads to the same thing */
    nw_noun_cleanup(n, a);
    nw_noun_cleanup(n, b);
    nw_buf_cleanup(&j1);
    nw_buf_cleanup(&j2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct nw_noun *nouns[] = {&nw_job_noun, &nw_doc_noun, &nw_result_noun, &nw_event_noun, &nw_credit_noun};
    for (size_t i = 0; i < sizeof nouns / sizeof *nouns; i++)
        one(nouns[i], data, size);
    return 0;
}
