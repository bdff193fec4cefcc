#ifndef NW_INTERSTITIAL_H
#define NW_INTERSTITIAL_H

#include <stdbool.h>
#include <stddef.h>

/* Pages served in place of the one asked for, with a 2xx status: a bot
 * check (a bot-protection service's challenge) or a consent form (a
 * cookie wall, often on another host the article redirected to). Their
 * text is no article, and storing it as one would give every item of a
 * site the same paragraphs about cookies. */

/* A consent form's text has at least this many words; a page whose
 * article has fewer (none was found: the form's paragraphs are too short
 * for one) is judged on its whole text. */
#define CONSENT_MIN_WORDS 15

/* The bot-protection service whose check a page is, from its bytes as
 * fetched (raw, len) and the words of its text, or NULL. Only pages of
 * few words are looked at, so an article page costs nothing. */
const char *interstitial_bot_check(const char *raw, size_t len, size_t words);

/* Whether a page's text (of `words` words) is a consent form's; dated:
 * whether its metadata gives a date (an article about cookie rules has
 * one, a consent form none). */
bool interstitial_consent_form(const char *text, size_t words, bool dated);

/* Whether a page's bytes (a NUL-terminated string) may hold a word about
 * cookies as interstitial_consent_form reads them in its text: false
 * only when that text can hold none, so that a page's whole text need
 * not be made to find that it is no consent form. */
bool interstitial_may_name_cookies(const char *page);

/* Whether a page says it is not found although it came with a 2xx status
 * (a "soft 404": a story taken down, a mistyped link): its title says so
 * ("Page not found", "404", "Seite nicht gefunden"...) in 8 words at
 * most, its text has fewer than NOT_FOUND_MAX_WORDS words and its
 * metadata gives no date. */
#define NOT_FOUND_MAX_WORDS 150
bool interstitial_not_found(const char *title, size_t words, bool dated);

#endif
