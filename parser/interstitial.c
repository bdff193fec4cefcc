/* Pages that stand in for the one asked for (interstitial.h). */
#include "interstitial.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A bot check has a sentence or two ("Enable JavaScript and cookies to
 * continue"); a consent form a few paragraphs. */
#define BOT_CHECK_MAX_WORDS 60
#define CONSENT_MAX_WORDS 350
/* a consent form names what it asks for at least this often: a mention
 * per CONSENT_WORDS_PER_MENTION words, and CONSENT_MIN_MENTIONS in all */
#define CONSENT_WORDS_PER_MENTION 60
#define CONSENT_MIN_MENTIONS 3

/* What the bot-protection services' challenge pages carry and the pages
 * they protect do not (their sensors, which those pages do carry, are not
 * listed). */
static const struct {
    const char *mark, *service;
} bot_marks[] = {
    {"_cf_chl_opt", "Cloudflare"},               /* the challenge's options */
    {"captcha-delivery.com", "DataDome"},        /* its captcha's host */
    {"id=\"px-captcha\"", "HUMAN (PerimeterX)"}, /* the captcha's element (its name alone is in sites' scripts) */
    {"Incapsula incident ID", "Imperva"},        /* the block page's line */
    {"errors.edgesuite.net", "Akamai"},          /* the block page's reference */
};

/* The start of the words a consent form is about, lower case, in the
 * languages of the news web that regulate them: what it stores (cookies)
 * and what it asks for (consent to process personal data). It speaks of
 * both; a story about consent in court, or about a bakery's cookies, of
 * one. Matched at the start of a word. */
static const char *const cookie_terms[] = {
    "cookie", "ciastecz", "kakor", "informasjonskapsl", "eväste", "çerez",
};
static const char *const consent_terms[] = {
    "consent",
    "consenso",
    "einwillig",
    "zustimm",
    "toestemming",
    "samtyck",
    "samtykk",
    "zgoda",
    "zgody",
    "zgodę",
    "zgód",
    "souhlas",
    "suostum",
    "onay",
    "согласи",
    "Согласи",
    "personal data",
    "données personnelles",
    "personenbezogen",
    "datos personales",
    "dati personali",
    "dados pessoais",
    "persoonsgegevens",
    "danych osobowych",
    "dane osobowe",
    "personuppgift",
    "personoplysning",
    "personopplysning",
    "osobní údaj",
    "osobních údaj",
    "henkilötie",
    "персональн",
    "Персональн",
};

/* Whether byte c may sit inside a word (any byte of a multi-byte UTF-8
 * character counts: a term after "é" is no word start). */
static bool word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Mentions of n terms in low (ASCII letters lower-cased; the Cyrillic
 * terms are listed in both cases). */
static size_t mentions(const char *low, size_t len, const char *const *terms, size_t n)
{
    size_t hits = 0;
    for (size_t t = 0; t < n; t++) {
        size_t tl = strlen(terms[t]);
        for (const char *p = low; (p = memmem(p, (size_t)(low + len - p), terms[t], tl)); p += tl)
            if (p == low || !word_byte((unsigned char)p[-1]))
                hits++;
    }
    return hits;
}

/* Whether text has two sentences or more (ended by a full stop, a
 * question or exclamation mark, before a space or the end): a consent
 * form explains itself, a footer of links ("Cookie settings", "Manage
 * consent") does not. */
static bool sentences(const char *text)
{
    int n = 0;
    for (const char *p = text; *p && n < 2; p++)
        if ((*p == '.' || *p == '!' || *p == '?') && (!p[1] || isspace((unsigned char)p[1])) && p > text &&
            word_byte((unsigned char)p[-1]))
            n++;
    return n >= 2;
}

/* Whether text (of `words` words) is a consent form's: cookies and
 * consent both named, often, in sentences. */
static bool consent_form(const char *text, size_t words)
{
    if (!sentences(text))
        return false;
    size_t n = strlen(text);
    char *low = malloc(n + 1);
    if (!low)
        return false;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)text[i]);
    size_t cookies = mentions(low, n, cookie_terms, sizeof cookie_terms / sizeof *cookie_terms);
    size_t consent = cookies ? mentions(low, n, consent_terms, sizeof consent_terms / sizeof *consent_terms) : 0;
    free(low);
    size_t hits = cookies + consent;
    return cookies && consent && hits >= CONSENT_MIN_MENTIONS && hits * CONSENT_WORDS_PER_MENTION >= words;
}

bool interstitial_may_name_cookies(const char *page)
{
    /* each term of cookie_terms as mentions() can find it in the text
     * made of these bytes: ASCII letters in either case, a letter beyond
     * ASCII as it is or as a reference ("&ccedil;erez": "erez" stands
     * for that term, whatever precedes it) */
    static const char *const marks[] = {
        "cookie", "ciastecz", "kakor",      "informasjonskapsl", "erez",
        "v\xc3\xa4ste", "v&auml;ste", "v&#228;ste", "v&#xe4;ste",
    };
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (strcasestr(page, marks[i]))
            return true;
    return false;
}

const char *interstitial_bot_check(const char *raw, size_t len, size_t words)
{
    if (words > BOT_CHECK_MAX_WORDS || !raw)
        return NULL;
    for (size_t i = 0; i < sizeof bot_marks / sizeof *bot_marks; i++)
        if (memmem(raw, len, bot_marks[i].mark, strlen(bot_marks[i].mark)))
            return bot_marks[i].service;
    return NULL;
}

bool interstitial_consent_form(const char *text, size_t words, bool dated)
{
    return !dated && text && words >= CONSENT_MIN_WORDS && words <= CONSENT_MAX_WORDS && consent_form(text, words);
}

/* What a title says of a page that is not there, lower case, in the
 * languages of the news web. */
#define NOT_FOUND_TITLE_WORDS 8
static const char *const not_found[] = {
    "not found",     "page not found", "cannot be found",     "can't be found",   "could not be found",
    "doesn't exist", "does not exist", "no longer available", "nicht gefunden",   "existiert nicht",
    "introuvable",   "n'existe pas",   "n’existe pas",        "no encontrada",    "no encontrado",
    "no existe",     "non trovata",    "non trovato",         "non esiste",       "niet gevonden",
    "bestaat niet",  "não encontrada", "não encontrado",      "nie znaleziono",   "nie została znaleziona",
    "nie istnieje",  "hittades inte",  "ikke fundet",         "finnes ikke",      "ei löytynyt",
    "nenalezena",    "не найдена",     "не найдено",          "sayfa bulunamadı", "bulunamadı",
};

bool interstitial_not_found(const char *title, size_t words, bool dated)
{
    if (!title || dated || words >= NOT_FOUND_MAX_WORDS)
        return false;
    /* an error page's title is a few words (and the site's name); a
     * headline that says something was not found is a sentence */
    size_t n = strlen(title), title_words = 0;
    for (size_t i = 0; i < n; i++)
        title_words += word_byte((unsigned char)title[i]) && (i == 0 || !word_byte((unsigned char)title[i - 1]));
    if (title_words > NOT_FOUND_TITLE_WORDS)
        return false;
    char *low = malloc(n + 1);
    if (!low)
        return false;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)title[i]);
    bool found = false;
    /* "404" as a word ("Error 404", "404 - Example News") */
    for (const char *p = low; !found && (p = strstr(p, "404")); p += 3)
        found = (p == low || !word_byte((unsigned char)p[-1])) && !word_byte((unsigned char)p[3]);
    for (size_t i = 0; !found && i < sizeof not_found / sizeof *not_found; i++)
        found = strstr(low, not_found[i]) != NULL;
    free(low);
    return found;
}
