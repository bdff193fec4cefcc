/* Documents that are no page and no feed (mime.h). */
#include "mime.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *type; /* a full type, or a top-level type ending in '/' */
    const char *what;
} media[] = {
    {"application/pdf", "a PDF document"},
    {"audio/", "audio"},
    {"video/", "video"},
    {"image/", "an image"},
    {"font/", "a font"},
    {"application/ogg", "audio"},
    {"application/zip", "an archive"},
    {"application/x-7z-compressed", "an archive"},
    {"application/vnd.rar", "an archive"},
    {"application/x-rar-compressed", "an archive"},
    {"application/x-tar", "an archive"},
    {"application/msword", "an office document"},
    {"application/vnd.ms-", "an office document"},
    {"application/vnd.openxmlformats-", "an office document"},
    {"application/vnd.oasis.opendocument.", "an office document"},
    {"application/epub+zip", "an e-book"},
    {"application/x-shockwave-flash", "a Flash file"},
    {"application/vnd.android.package-archive", "an application package"},
    {"application/x-msdownload", "a program"},
    {"application/wasm", "a program"},
};

const char *nw_media_not_text(const char *ct)
{
    if (!ct)
        return NULL;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = strcspn(ct, "; \t");
    for (size_t i = 0; i < sizeof media / sizeof *media; i++) {
        size_t tl = strlen(media[i].type);
        bool prefix = media[i].type[tl - 1] == '/' || media[i].type[tl - 1] == '-' || media[i].type[tl - 1] == '.';
        if ((prefix ? n > tl : n == tl) && !strncasecmp(ct, media[i].type, tl))
            return media[i].what;
    }
    return NULL;
}

static const struct {
    size_t at;
    const char *sig;
    size_t len;
    const char *what;
} sigs[] = {
    {0, "%PDF-", 5, "a PDF document"},
    {0, "\x89PNG\r\n\x1a\n", 8, "an image"},
    {0, "GIF87a", 6, "an image"},
    {0, "GIF89a", 6, "an image"},
    {0, "\xff\xd8\xff", 3, "an image"},
    {8, "WEBP", 4, "an image"},
    {0, "ID3", 3, "audio"},
    {0, "OggS\0", 5, "audio"},
    {0, "fLaC", 4, "audio"},
    {8, "WAVE", 4, "audio"},
    {4, "ftyp", 4, "a media file"},
    {0, "\x1a\x45\xdf\xa3", 4, "video"},
    {0, "PK\x03\x04", 4, "an archive"},
    {0, "Rar!\x1a\x07", 6, "an archive"},
    {0, "7z\xbc\xaf\x27\x1c", 6, "an archive"},
    {0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "an office document"},
    {0, "wOFF", 4, "a font"},
    {0, "wOF2", 4, "a font"},
    {0, "\177ELF", 4, "a program"},
    {0, "MZ", 2, "a program"},
};

const char *nw_bytes_not_text(const void *data, size_t len)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (len >= sigs[i].at + sigs[i].len && !memcmp(b + sigs[i].at, sigs[i].sig, sigs[i].len))
            return sigs[i].what;
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return NULL; /* UTF-16: its zero bytes are text */
    /* an MPEG audio frame's sync word, with a valid layer */
    if (len >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06))
        return "audio";
    /* markup from its first byte: a stray control character in a page
     * is a page's */
    size_t i = len >= 3 && !memcmp(b, "\xef\xbb\xbf", 3) ? 3 : 0;
    while (i < len && i < 512 && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == '\f'))
        i++;
    if (i < len && b[i] == '<')
        return NULL;
    for (i = 0; i < len && i < 512; i++)
        if (b[i] <= 0x08 || b[i] == 0x0B || (b[i] >= 0x0E && b[i] <= 0x1A) || (b[i] >= 0x1C && b[i] <= 0x1F))
            return "binary data";
    return NULL;
}
