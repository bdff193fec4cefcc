#ifndef NW_PARSER_LANGWORDS_H
#define NW_PARSER_LANGWORDS_H
/* The language of a text read from its function words, or from its
 * letters where a script is one language's alone, when they leave no
 * doubt. */
#include <stddef.h>

/* The primary subtag ("en", "ru", "ja") of the language of `len` bytes of
 * UTF-8 text, or NULL when the text does not leave it beyond doubt; the
 * caller then asks CLD2, which reads letter quadgrams at six times the
 * cost. Two ways:
 *  - seven tenths or more of its 40 letters or more are of a script that
 *    one language alone writes: kana (with Chinese characters, a tenth of
 *    them kana at least) for Japanese, Hangul, Greek, Thai, Georgian,
 *    Armenian;
 *  - of 30 words or more, a quarter or more are the function words of one
 *    of 15 languages of the Latin and Cyrillic scripts, more than of any
 *    other list, and no other list, a related language's included (Catalan
 *    beside Spanish, Afrikaans beside Dutch, Belarusian beside
 *    Ukrainian...), finds more than a stray few of its own words in it,
 *    nor do more than a stray few words have letters the language does not
 *    write. Related languages that their function words cannot tell apart
 *    (Danish and Norwegian, Czech and Slovak, Indonesian and Malay) are
 *    never answered.
 * Thread-safe. */
const char *lang_by_words(const char *text, size_t len);

#endif
