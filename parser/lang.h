#ifndef NW_PARSER_LANG_H
#define NW_PARSER_LANG_H
/* The language of a text, read from the text itself. */
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The language of `len` bytes of plain UTF-8 text, as CLD2 (Debian's
 * libcld2) names it: "en", "zh-Hant", "iw", ... NULL when CLD2 is not
 * sure (too little text, several languages in even parts, an unknown
 * one). Bytes after the first invalid UTF-8 sequence are not read.
 * text[len] must be NUL: CLD2 reads on past `len` to a NUL, out of the
 * buffer when there is none. Thread-safe: CLD2 keeps no state between
 * calls. */
const char *lang_guess(const char *text, size_t len);

/* lang_guess, and the language's share of the text in *percent (0-100;
 * 0 when NULL is returned). */
const char *lang_guess_share(const char *text, size_t len, int *percent);

/* How well `len` bytes of UTF-8 read as a language, whichever: CLD2's
 * score of the language it finds most (a quadgram score a kilobyte of
 * text) in its share of the text; 0 when it finds none. Tags and
 * references are read as HTML, not as words (the text is a whole
 * document). The same text read in two charsets scores lower in the
 * wrong one, whose letters make no words ("Ã©tÃ©" for "été"). text[len]
 * must be NUL, as for lang_guess. */
double lang_fit(const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
