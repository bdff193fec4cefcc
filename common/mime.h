#ifndef NW_MIME_H
#define NW_MIME_H

#include <stddef.h>

/* Documents that are no page and no feed: what their media type or their
 * bytes say they are, for a message ("a PDF document", "audio"), or NULL
 * when they may be text (HTML, XML, JSON, plain text, an unknown type).
 * An article link to a podcast's MP3 or a report's PDF is not read as a
 * page of text. */

/* From a Content-Type value (parameters ignored, any case); NULL also for
 * none and for application/octet-stream, which servers give HTML too. */
const char *nw_media_not_text(const char *content_type);

/* From a document's first bytes: a known file signature (PDF, images,
 * audio, video, archives, fonts, executables), or a binary data byte in
 * its first 512 bytes (a control character no text holds: 0x00-0x08,
 * 0x0B, 0x0E-0x1A, 0x1C-0x1F, as the WHATWG MIME sniffing standard
 * defines them) when it opens neither with markup ('<' after blanks) nor
 * with a UTF-16 byte order mark. */
const char *nw_bytes_not_text(const void *data, size_t len);

#endif
