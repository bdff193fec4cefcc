/* Bylines reduced to the names of the people in them. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "../common/fnv.h"
#include "../common/jsonx.h"
#include "../common/mem.h"
#include "html.h"
#include "meta.h"

/* Longest name kept, in words and bytes. */
#define NAME_MAX_WORDS 6
#define NAME_MAX_BYTES 80

/* Words that open a byline before the names, any case, several languages;
 * matched as whole words, a colon after them allowed. */
static const char *const openers[] = {
    "by", "written by", "reporting by", "story by", "words by", "posted by", "published by", "text", "texte", "words",
    "author", "authors", "autor", "autora", "autoren", "auteur", "auteurs", "par", "von", "por", "di", "door", "av",
    "af", "przez", "tekst", "yazan", "oleh", "escrito por", "reportage", "bericht", "autore", "autrice", "texto",
    "yazar", "penulis", "f\xC3\xB6rfattare", "forfatter", "kirjoittaja", "teksti", "szerz\xC5\x91",
    /* other letters are compared as written: a label starts capitalised */
    "\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80",                 /* Автор */
    "\xD0\xB0\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80",                 /* автор */
    "\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80\xD0\xBA\xD0\xB0", /* Авторка */
    "\xD0\xA2\xD0\xB5\xD0\xBA\xD1\x81\xD1\x82",                 /* Текст */
    /* Chinese and Japanese: author, reporter (simplified, traditional),
     * writer, our reporter; a full-width colon may follow */
    "\xE4\xBD\x9C\xE8\x80\x85",                         /* 作者 */
    "\xE8\xAE\xB0\xE8\x80\x85",                         /* 记者 */
    "\xE8\xA8\x98\xE8\x80\x85",                         /* 記者 */
    "\xE6\x92\xB0\xE6\x96\x87",                         /* 撰文 */
    "\xE5\x9F\xB7\xE7\xAD\x86",                         /* 執筆 */
    "\xE6\x9C\xAC\xE6\x8A\xA5\xE8\xAE\xB0\xE8\x80\x85", /* 本报记者 */
    "\xE6\x9C\xAC\xE5\xA0\xB1\xE8\xA8\x98\xE8\x80\x85", /* 本報記者 */
    "\xE6\x96\x87",                                     /* 文 (text), before a slash */
    NULL};

/* Whether p starts with a full-width colon (U+FF1A), as CJK text writes
 * one. */
static bool full_colon(const char *p)
{
    return !strncmp(p, "\xEF\xBC\x9A", 3);
}

/* Whether what follows an opener at p lets it open a byline: a blank, a
 * colon (full-width too) or the end. */
static bool opener_ends(const char *p)
{
    return *p == ' ' || *p == ':' || !*p || full_colon(p) || *p == '/' || !strncmp(p, "\xEF\xBC\x8F", 3);
}

/* How many Han, kana or Hangul characters a name is, 0 if it holds
 * anything else. */
static size_t cjk_chars(const char *v)
{
    const unsigned char *p = (const unsigned char *)v;
    size_t n = 0;
    while (*p) {
        if (!html_is_cjk(nw_utf8_next(&p)))
            return 0;
        n++;
    }
    return n;
}

bool meta_cjk_name(const char *v)
{
    size_t n = cjk_chars(v);
    return n >= 2 && n <= 5;
}

/* Whether a name is one Han, kana or Hangul character: no one's name in
 * a byline, but a label ("文/王小明": text by). */
static bool one_cjk_char(const char *v)
{
    return cjk_chars(v) == 1;
}

/* Whether a name is one word that is no CJK name: a single name word. */
static bool one_word(const char *name)
{
    return !strchr(name, ' ') && !meta_cjk_name(name);
}

/* Whether every blank-separated word of a name is a CJK name ("王小明 李华":
 * two people, as CJK bylines list them). */
static bool cjk_names(const char *name)
{
    if (!strchr(name, ' '))
        return false;
    char *c = nw_strdup(name);
    bool all = true;
    for (char *save = NULL, *w = strtok_r(c, " ", &save); w && all; w = strtok_r(NULL, " ", &save))
        all = meta_cjk_name(w);
    free(c);
    return all;
}

/* Words that end the name part of a segment: job titles, desks, dates and
 * the words that introduce them. Lower case; compared without case. */
static const char *const stops[] = {
    /* jobs and desks */
    "reporter", "reporters", "correspondent", "correspondents", "editor", "editors", "writer", "writers", "staff",
    "senior", "contributor", "contributing", "columnist", "photographer", "photographers", "producer", "analyst",
    "chief", "bureau", "desk", "team", "editorial", "special", "freelance", "journalist", "journalists", "associate",
    "assistant", "deputy", "managing", "executive", "director", "head", "host", "anchor", "presenter", "intern",
    "fellow", "contributors", "newsroom", "news", "political", "politics", "business", "sports", "science", "health",
    "technology", "tech", "autos", "economics", "economy", "international", "foreign", "national", "metro", "local",
    "investigative", "data", "video", "digital", "online", "media", "opinion", "culture", "world", "expert",
    "specialist", "consultant", "coach", "founder", "co-founder", "cofounder", "ceo", "cto", "president", "owner",
    "manager", "officer", "advisor", "adviser", "blogger", "researcher", "scientist", "educator", "certified",
    "registered", "sponsored", "presented", "partner", "guest", "community", "content", "marketing", "lead", "reviewer",
    "reviewers", "strategist", "economist", "historian", "therapist", "nutritionist", "dietitian", "dietician",
    "pharmacist", "physician", "horticulturist", "horticulturalist", "instructor", "lecturer", "professor", "attorney",
    "lawyer", "\xEA\xB8\xB0\xEC\x9E\x90", /* Korean: reporter, after the name */
    /* what author boxes say around a name */
    "about", "more", "posts", "view", "all", "articles", "profile", "follow", "share", "contact", "bio", "read",
    "author", "authored", "former", "testimonial", "journaliste", "rédacteur", "rédactrice", "rédaction",
    "correspondant", "correspondante", "envoyé", "envoyée", "redakteur", "redakteurin", "redaktion", "korrespondent",
    "korrespondentin", "redazione", "giornalista", "inviato", "inviata", "redactor", "redactora", "redacción",
    "periodista", "corresponsal", "jornalista", "redação", "redactie", "verslaggever", "correspondente",
    /* other credits, and organisations ("The Times") */
    "photo", "photos", "photograph", "photography", "foto", "fotos", "bild", "bilder", "illustration", "illustrations",
    "graphic", "graphics", "grafik", "image", "images", "the",
    /* dates and times */
    "updated", "published", "posted", "modified", "last", "aktualisiert", "veröffentlicht", "publié", "mis",
    "actualizado", "publicado", "aggiornato", "pubblicato", "am", "pm", "gmt", "utc", "est", "edt", "pst", "pdt", "cet",
    "cest", "bst", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "ago", NULL};

/* Lower-case words that belong inside names. */
static const char *const particles[] = {"de", "da", "di", "do", "dos", "das", "del", "della", "des", "du", "la",
                                        "le", "van", "von", "der", "den", "ter", "ten", "zu", "bin", "ibn", "bint",
                                        "al", "el", "y", "e", "af", "av", "mc", "st.", NULL};

/* Words that make a lone byline generic rather than someone's name. */
static const char *const generic[] = {
    "admin",     "administrator", "team",     "staff",     "editor", "editors", "editorial", "board",     "webmaster",
    "root",      "user",          "guest",    "undefined", "null",   "unknown", "anonymous", "redaktion", "rédaction",
    "redacción", "redazione",     "newsroom", "desk",      "author", "name",    NULL};

/* The names of an author's accounts elsewhere, as an author box's links
 * to them are named for a screen reader: no one's name. */
static const char *const accounts[] = {"linkedin", "twitter", "facebook", "instagram", "youtube", "tiktok", "pinterest",
                                       "mastodon", "bluesky", "email",    "e-mail",    "website", "rss",    NULL};

static bool in_list(const char *const *list, const char *w, size_t n)
{
    int c = tolower((unsigned char)w[0]);
    for (size_t i = 0; list[i]; i++)
        if ((unsigned char)list[i][0] == c && html_prefix_ci(list[i], w, n) && !list[i][n])
            return true;
    return false;
}

/* Separators between the segments of a byline: each segment holds at most
 * one name (and maybe a title or a place after it). */
static const char *const separators[] = {"\n",
                                         "|",
                                         ";",
                                         ",",
                                         "/",
                                         "\xC2\xB7",
                                         "\xE2\x80\xA2",
                                         "\xC2\xBB", /* "by Ann » 12. Sep 2024", a forum's */
                                         "\xE2\x80\xBA",
                                         " - ",
                                         "- ", /* "Ann Lee- 2025/4/29": a name, then a date set apart */
                                         " \xE2\x80\x93 ",
                                         " \xE2\x80\x94 ",
                                         " and ",
                                         " & ",
                                         " und ",
                                         " et ",
                                         " y ",
                                         " e ",
                                         " i ",
                                         " og ",
                                         " och ",
                                         " en ",
                                         " és ",
                                         " ve ",
                                         " \xD0\xB8 ",
                                         " with ",
                                         " avec ",
                                         " mit ",
                                         " con ",
                                         " com ",
                                         " met ",
                                         "\xEF\xBC\x8C",
                                         "\xE3\x80\x81",
                                         "\xEF\xBC\x8F",
                                         NULL};

/* The length of the separator at p, 0 if none; *conj says whether it is
 * a conjunction ("and", "&"), which joins names, rather than punctuation,
 * after which a place or a title may follow. */
static size_t separator_at(const char *p, bool *conj)
{
    /* every separator starts with one of these bytes: most of a byline is
     * passed over at this test */
    switch (*p) {
    case '\n':
    case '-':
    case '|':
    case ';':
    case ',':
    case '/':
    case ' ':
    case '\xC2':
    case '\xE2':
    case '\xE3':
    case '\xEF':
        break;
    default:
        return 0;
    }
    for (size_t i = 0; separators[i]; i++) {
        size_t n = strlen(separators[i]);
        if (separators[i][0] == ' ' ? html_prefix_ci(p, separators[i], n) : !strncmp(p, separators[i], n)) {
            *conj = separators[i][0] == ' ' && separators[i][1] != '-' && (unsigned char)separators[i][1] < 0x80;
            return n;
        }
    }
    return 0;
}

/* A copy of s without e-mail addresses, URLs, @handles and what is in
 * brackets; "jane@example.com (Jane Doe)" keeps the bracketed name. */
static char *without_noise(const char *s)
{
    struct nw_buf b = {0};
    const char *open = strchr(s, '(');
    bool only_bracket = false;
    if (open && strchr(s, '@') && strchr(s, '@') < open)
        only_bracket = true; /* RSS's "address (name)" */
    int depth = 0;
    for (const char *p = s; *p;) {
        if (*p == '(' || *p == '[') {
            depth++;
            p++;
            continue;
        }
        if ((*p == ')' || *p == ']') && depth) {
            depth--;
            p++;
            nw_buf_putc(&b, ' ');
            continue;
        }
        if (only_bracket ? depth == 0 : depth > 0) {
            p++;
            continue;
        }
        /* a word holding @ or :// is an address or a handle */
        if (p == s || p[-1] == ' ' || p[-1] == '(') {
            size_t n = strcspn(p, " \t\n,;|()");
            if (html_is_address(p, n)) {
                p += n;
                continue;
            }
        }
        if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) { /* no-break space */
            nw_buf_putc(&b, ' ');
            p += 2;
            continue;
        }
        /* "by" set in an element of its own, with no blank before the
         * name: "byScott Miller" (not "Byron") */
        if ((p == s || p[-1] == ' ') && (p[0] == 'b' || p[0] == 'B') && p[1] == 'y' && isupper((unsigned char)p[2])) {
            nw_buf_puts(&b, "By ");
            p += 2;
            continue;
        }
        /* a tab, or a carriage return of a CRLF page, is a blank */
        nw_buf_putc(&b, *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v' ? ' ' : *p);
        p++;
    }
    if (!b.data)
        return nw_strdup("");
    /* a name in double quotes, as an e-mail header writes it before the
     * address: "\"Jane Doe\" <jane@example.com>" */
    char *t = b.data;
    size_t n = b.len, lead = 0;
    while (n && t[n - 1] == ' ')
        n--;
    while (lead < n && t[lead] == ' ')
        lead++;
    if (n - lead >= 2 && t[lead] == '"' && t[n - 1] == '"' && !memchr(t + lead + 1, '"', n - lead - 2))
        t[lead] = t[n - 1] = ' ';
    return nw_buf_steal(&b);
}

static bool is_upper_start(const char *w)
{
    unsigned char c = (unsigned char)w[0];
    if (c >= 0x80)
        return true; /* other scripts: caseless, or trusted */
    return isupper(c) != 0;
}

/* Whether a name is initials alone ("J.", "K. T.", "J.-P.", "Ö."): what
 * follows the surname and a comma in a byline written surname first, as
 * journals and library catalogues list authors ("Yeston, J."). */
static bool initials_only(const char *name, size_t len)
{
    const char *p = name, *end = name + len;
    while (p < end) {
        if (!is_upper_start(p))
            return false;
        /* one letter: its lead byte and continuation bytes */
        while (++p < end && ((unsigned char)*p & 0xC0) == 0x80)
            ;
        if (p == end || *p++ != '.')
            return false;
        if (p < end && (*p == '-' || *p == ' '))
            p++;
    }
    return len > 0;
}

/* Whether a segment of a byline says where it was written from ("Reuters
 * in Washington", "Associated Press in Palm Beach"): " in " and a
 * capitalised word after the first word. */
static bool says_place(const char *seg, size_t len)
{
    for (size_t i = 1; i + 4 < len; i++)
        if (!memcmp(seg + i, " in ", 4) && is_upper_start(seg + i + 4))
            return true;
    return false;
}

/* What ended a segment's name: its end, a job word, another word; or
 * the segment credits other work than the writing ("Photos by"). */
enum seg_end { SEG_END, SEG_JOB, SEG_OTHER, SEG_CREDIT };

static bool all_caps(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isupper((unsigned char)w[i]))
            return false;
    return true;
}

/* The name at the start of one segment, or NULL: words up to the first
 * job title, date, number, credential ("CFP" after "Jane Doe") or
 * lower-case word that is not a particle. *end says what ended it. With
 * rest, the segment without its opener is copied there. */
/* Whether w (n bytes, the text going on at after) is a month's or a
 * day's name that is part of someone's name here. As the first word, a
 * first name ("April Fulton", "June Carter", "Jan Novak", "Sunday
 * Alamba"): a capitalised word that is no stop follows it. A month's
 * name after a name's first word, a surname ("Tom May", "Brian May"):
 * no date goes on after it (a number, a comma, a month or a day: "Tom
 * Lee May 3"). A day's name there is a date's ("Ann Roe Monday, May 3",
 * the comma parting the segments). */
static bool date_word_in_name(const char *w, size_t n, const char *after, size_t words)
{
    static const char *const first[] = {"april", "may", "june", "august", "jan", "sunday", NULL};
    static const char *const months[] = {"january", "february",  "march",   "april",    "may",      "june", "july",
                                         "august",  "september", "october", "november", "december", NULL};
    static const char *const days[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday",    NULL};
    if (!is_upper_start(w) || !in_list(words ? months : first, w, n))
        return false;
    while (*after == ' ')
        after++;
    size_t m = strcspn(after, " :,");
    if (!words)
        return m > 1 && is_upper_start(after) && !in_list(stops, after, m) && !isdigit((unsigned char)after[0]);
    return !isdigit((unsigned char)after[0]) && after[0] != ',' && !in_list(months, after, m) &&
           !in_list(days, after, m);
}

/* Words of a credit for other work than the writing: reviewing, checking,
 * editing, pictures, translation. Lower case. */
static const char *const other_work[] = {
    "reviewed", "medically",  "fact",        "checked",     "fact-checked", "edited",        "copyedited",  "photo",
    "photos",   "photograph", "photographs", "photography", "illustration", "illustrations", "illustrated", "graphic",
    "graphics", "video",      "videos",      "images",      "translated",   "translation",   "design",      "designed",
    "updated",  "and",        "&",           NULL};

/* Whether the words before a "by" (n bytes at w) credit only other work
 * than the writing ("Reviewed", "Fact-checked and edited", "Photos"), not
 * "Analysis" or "Photos and text". */
static bool other_credit(const char *w, size_t n)
{
    bool any = false;
    for (const char *p = w, *e = w + n; p < e;) {
        while (p < e && (*p == ' ' || *p == ','))
            p++;
        const char *a = p;
        while (p < e && *p != ' ' && *p != ',')
            p++;
        if (p == a)
            continue;
        if (!in_list(other_work, a, (size_t)(p - a)))
            return false;
        any |= strncasecmp(a, "and", 3) != 0 && *a != '&';
    }
    return any;
}

/* Where the words before a "by" at q that credit other work than the
 * writing begin ("Ann Lee Reviewed by", "Ann Lee Photos and video by"):
 * q itself when the last word before it is no such credit. */
static const char *credit_start(const char *w, const char *q)
{
    const char *c = q;
    bool any = false;
    while (c > w) {
        const char *e = c;
        while (e > w && e[-1] == ' ')
            e--;
        const char *a = e;
        while (a > w && a[-1] != ' ')
            a--;
        if (a == e || !in_list(other_work, a, (size_t)(e - a)))
            break;
        any |= strncasecmp(a, "and", 3) != 0 && *a != '&';
        c = a;
    }
    return any ? c : q;
}

/* A name said more than once in a row, as a screen reader's copy beside
 * the one shown gives it ("Ann Lee Ann Lee", "Yucy Yucy Yucy"): once, in
 * place. Returns name. */
static char *undoubled(char *name)
{
    size_t len = strlen(name);
    /* each length the name's words could repeat at: a whole number of
     * words, the name that many bytes and a blank, over and over */
    for (size_t m = 1; m * 2 + 1 <= len; m++) {
        if (name[m] != ' ' || (len + 1) % (m + 1))
            continue;
        bool same = true;
        for (size_t at = m + 1; same && at < len; at += m + 1)
            same = !memcmp(name + at, name, m) && (at + m == len || name[at + m] == ' ');
        /* one word twice may be a name ("Li Li") */
        if (same && (memchr(name, ' ', m) || (len + 1) / (m + 1) >= 3)) {
            name[m] = '\0';
            return name;
        }
    }
    return name;
}

static char *segment_name(const char *seg, size_t len, bool first, enum seg_end *end, char **rest)
{
    char *s = nw_strndup(seg, len);
    const char *p = s;
    /* an opener ("By", "Par", "Text:") before the names */
    for (bool again = true; again;) {
        again = false;
        while (*p == ' ' || *p == ':' || *p == '-' || full_colon(p))
            p += full_colon(p) ? 3 : 1;
        for (size_t i = 0; openers[i]; i++) {
            size_t n = strlen(openers[i]);
            if (html_prefix_ci(p, openers[i], n) && opener_ends(p + n) && (first || i < 8)) {
                p += n;
                again = true;
                break;
            }
        }
    }
    /* a label ("In: Sports", the category beside the byline) names no
     * one */
    size_t w1 = strcspn(p, " ");
    if (w1 >= 3 && p[w1 - 1] == ':') {
        free(s);
        *end = SEG_OTHER;
        return NULL;
    }
    /* "Analysis by", "Photos and text by": the names follow the "by";
     * "Reviewed by", "Photos by", "Fact-checked and edited by" credit
     * someone else than the writer: no name */
    bool credit_after = false;
    for (const char *q = p, *w = p; *q && q < p + 40; q++)
        if (*q == ' ' && html_prefix_ci(q, " by", 3) && (q[3] == ' ' || q[3] == ':') && q > w) {
            if (other_credit(w, (size_t)(q - w))) {
                free(s);
                *end = SEG_CREDIT;
                return NULL;
            }
            /* a name, then another's credit in the same segment ("Ann
             * Lee Reviewed by Tom Roe", an author box's two lines): the
             * name, and the rest is that credit */
            const char *c = credit_start(w, q);
            if (c > w && c < q) {
                s[c - s] = '\0';
                credit_after = true;
                break;
            }
            p = q + 4;
            break;
        }
    /* words of a credit alone ("Fact Checked", a badge beside the
     * byline) name no one */
    if (other_credit(p, strlen(p))) {
        free(s);
        *end = SEG_OTHER;
        return NULL;
    }
    if (rest)
        *rest = nw_strdup(p);
    struct nw_buf out = {0};
    size_t words = 0, kept_words = 0, kept_len = 0; /* up to the last word that is no particle */
    bool mixed = false;
    *end = SEG_END;
    while (*p) {
        while (*p == ' ' || *p == ':')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ' && *p != ':')
            p++;
        size_t n = (size_t)(p - w);
        size_t head = strcspn(w, "-"); /* "Editor-at-large" */
        /* a stop abbreviated with a full stop ("Dec. 19, 2025"), or before a
         * comma ("Monday, May 3") */
        size_t bare = n > 2 && (w[n - 1] == '.' || w[n - 1] == ',') ? n - 1 : n;
        if ((in_list(stops, w, bare) && !date_word_in_name(w, bare, p, words)) ||
            (head < n && in_list(stops, w, head))) {
            *end = SEG_JOB;
            break;
        }
        bool digit = false;
        for (size_t i = 0; i < n; i++)
            digit |= isdigit((unsigned char)w[i]) != 0;
        bool particle = in_list(particles, w, n);
        bool credential = words >= 2 && mixed && n >= 2 && n <= 5 && all_caps(w, n);
        if (digit || credential || (!is_upper_start(w) && !(particle && words))) {
            *end = SEG_OTHER;
            break;
        }
        if (words == NAME_MAX_WORDS) {
            words = 0; /* a sentence, not a name */
            break;
        }
        if (out.len)
            nw_buf_putc(&out, ' ');
        nw_buf_append(&out, w, n);
        words++;
        mixed |= !all_caps(w, n);
        if (!particle)
            kept_words = words, kept_len = out.len;
    }
    free(s);
    if (credit_after)
        *end = SEG_CREDIT;
    /* a name ends on a name word, not on "van" */
    if (words) {
        words = kept_words;
        out.len = kept_len;
        out.data[kept_len] = '\0';
    }
    if (!words || out.len > NAME_MAX_BYTES) {
        nw_buf_cleanup(&out);
        return NULL;
    }
    /* a full stop ends a sentence, except after an initial ("J.-P." too)
     * or "Jr." */
    const char *last = memrchr(out.data, ' ', out.len);
    last = last ? last + 1 : out.data;
    while (out.len && (out.data[out.len - 1] == '.' || out.data[out.len - 1] == ',') &&
           (out.data[out.len - 1] == ',' ||
            ((size_t)(out.data + out.len - last) > 4 && !initials_only(last, (size_t)(out.data + out.len - last)))))
        out.data[--out.len] = '\0';
    return undoubled(nw_buf_steal(&out));
}

/* The next word of *p (blank-separated): its start, *n its length, *p
 * moved past it; NULL at the end. */
static const char *next_word(const char **p, size_t *n)
{
    const char *q = *p;
    while (*q == ' ')
        q++;
    if (!*q)
        return NULL;
    const char *w = q;
    while (*q && *q != ' ')
        q++;
    *n = (size_t)(q - w);
    *p = q;
    return w;
}

/* s without the blanks at either end, blanks between words made one. */
static char *trimmed_copy(const char *s)
{
    struct nw_buf b = {0};
    const char *p = s, *w;
    size_t n;
    while ((w = next_word(&p, &n))) {
        if (b.len)
            nw_buf_putc(&b, ' ');
        nw_buf_append(&b, w, n);
    }
    return b.data ? nw_buf_steal(&b) : nw_strdup("");
}

/* Whether a segment's last word names a desk or a team. */
static bool ends_on_desk(const char *seg, size_t len)
{
    static const char *const desks[] = {"team", "staff", "desk", "editorial", "newsroom", "bureau", "editors",
                                        "redaktion", "rédaction", "redacción", "redazione", NULL};
    const char *w = seg + len;
    while (w > seg && w[-1] != ' ')
        w--;
    return in_list(desks, w, (size_t)(seg + len - w));
}

static bool is_agency(const char *s)
{
    json_t *ag = meta_agencies(s, NULL);
    bool yes = json_array_size(ag) > 0;
    json_decref(ag);
    return yes;
}

/* A lone byline that holds no name as such ("whova", "The Ritualist",
 * "EcoCult Staff") is kept as it is, unless it is generic ("admin",
 * "Staff") or a wire agency: it is what the site calls its author. */
static char *lone_credit(const char *rest)
{
    size_t words = 0;
    bool letter = false; /* an id ("262588213843476") is no credit */
    for (const char *p = rest; *p; p++)
        letter |= isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80;
    if (!letter)
        return NULL;
    /* nor is a template's key left unfilled ("page.head.extra.author",
     * "post.author_name", "{{ author }}", "%AUTHOR%"): a user name may
     * hold dots ("h.szeyee", "sara.r.peter"), a key ends on the field */
    static const char *const fields[] = {"author", "name", "byline", "creator", "writer", NULL};
    const char *last = strrchr(rest, '.');
    if (last && !strchr(rest, ' ')) {
        last++;
        const char *u = strrchr(last, '_');
        if (in_list(fields, last, strlen(last)) || (u && in_list(fields, u + 1, strlen(u + 1))))
            return NULL;
    }
    if (strstr(rest, "{{") || strstr(rest, "{%") || strstr(rest, "${") ||
        (rest[0] == '%' && rest[strlen(rest) - 1] == '%'))
        return NULL;
    if ((!strchr(rest, ' ') && in_list(accounts, rest, strlen(rest))) || other_credit(rest, strlen(rest)))
        return NULL;
    /* a team's or a desk's credit of two words or more ("Resy Staff",
     * "The Upwork Team", "News Desk", "Great Day Editorial Team") is what
     * the site calls its author */
    bool desk = strchr(rest, ' ') && ends_on_desk(rest, strlen(rest));
    const char *p = rest, *w;
    size_t n;
    while ((w = next_word(&p, &n))) {
        if (!desk && (in_list(generic, w, n) || (in_list(stops, w, n) && !(n == 3 && html_prefix_ci(w, "the", 3)))))
            return NULL;
        words++;
    }
    if (!words || words > 4 || strlen(rest) > 40 || is_agency(rest))
        return NULL;
    return nw_strdup(rest);
}

/* Whether the n bytes at p open with one of the openers ("By", "Written
 * by"). */
static bool opens_at(const char *p, size_t n)
{
    for (size_t i = 0; openers[i]; i++) {
        size_t k = strlen(openers[i]);
        if (k < n && html_prefix_ci(p, openers[i], k) && opener_ends(p + k))
            return true;
    }
    return false;
}

bool meta_korean_byline(const char *text)
{
    const char *p = text + strspn(text, " \t\r\n");
    if (*p == '[' || !strncmp(p, "\xEF\xBC\xBB", 3)) { /* [ or ［: a dateline */
        const char *e = strstr(p, *p == '[' ? "]" : "\xEF\xBC\xBD");
        if (!e || e - p > 60)
            return false;
        p = e + (*e == ']' ? 1 : 3);
        p += strspn(p, " ");
    }
    /* a name of two to four Hangul syllables (U+AC00-U+D7A3) */
    size_t syl = 0;
    for (const unsigned char *u = (const unsigned char *)p, *next = u;; u = next, syl++) {
        unsigned cp = nw_utf8_next(&next);
        if (cp < 0xAC00 || cp > 0xD7A3) {
            p = (const char *)u;
            break;
        }
    }
    if (syl < 2 || syl > 4)
        return false;
    p += strspn(p, " ");
    if (strncmp(p, "\xEA\xB8\xB0\xEC\x9E\x90", 6)) /* 기자 */
        return false;
    p += 6;
    /* the end, or an address or "=" after it */
    p += strspn(p, " ");
    return !*p || *p == '=' || (strchr(p, '@') && !strchr(p, ' '));
}

bool meta_byline_opens(const char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    return opens_at(text, strlen(text));
}

/* A label's words: text without the blanks at its start and the blanks
 * and colons at its end ("Written by:"), *n bytes long. */
static const char *label_words(const char *text, size_t *n)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t k = strlen(text);
    while (k && (text[k - 1] == ' ' || text[k - 1] == '\t' || text[k - 1] == '\n' || text[k - 1] == '\r' ||
                 text[k - 1] == ':'))
        k--;
    *n = k;
    return text;
}

bool meta_credit_for_other_work(const char *text)
{
    size_t n;
    text = label_words(text, &n);
    if (n < 4 || n > 40 || strncasecmp(text + n - 3, " by", 3))
        return false;
    return other_credit(text, n - 3);
}

bool meta_byline_opener(const char *text)
{
    size_t n;
    text = label_words(text, &n);
    for (size_t i = 0; n && openers[i]; i++)
        if (strlen(openers[i]) == n && html_prefix_ci(text, openers[i], n))
            return true;
    return false;
}

/* Whether a byline is an organisation's name, credited as the author
 * ("Centers for Disease Control and Prevention", "Bank of England",
 * "Office of the Governor"): capitalised words and the small words that
 * join them in such names, at least one "of", "for" or "on" between two
 * of them, and no one named in full before it ("Jane Doe of Reuters" is
 * Jane Doe's byline; a role, "Editor of The Times", is no organisation). */
static bool organisation(const char *s, const char *first_name)
{
    static const char *const joins[] = {"of", "for", "on", "and", "&",   "the", "in", "de",
                                        "du", "des", "la", "le",  "für", "und", "et", NULL};
    static const char *const roles[] = {
        "reporter",    "correspondent", "editor",   "editors", "writer",     "columnist",
        "contributor", "photographer",  "producer", "analyst", "journalist", "staff",
        "team",        "desk",          "member",   "members", NULL};
    if ((first_name && strchr(first_name, ' ')) || strlen(s) > NAME_MAX_BYTES)
        return false;
    size_t words = 0;
    bool connector = false, last_join = false;
    const char *p = s, *w;
    size_t n;
    while ((w = next_word(&p, &n))) {
        bool join = in_list(joins, w, n);
        if (words == 0 && (join || in_list(generic, w, n) || in_list(roles, w, n)))
            return false;
        for (size_t i = 0; i < n; i++)
            if (isdigit((unsigned char)w[i]) || strchr(",;|/()@:", w[i]))
                return false;
        if (!join && !is_upper_start(w))
            return false;
        connector |= join && words > 0 && (n == 2 || n == 3) &&
                     (html_prefix_ci(w, "of", n) || html_prefix_ci(w, "for", n) || html_prefix_ci(w, "on", n));
        last_join = join;
        words++;
    }
    return connector && !last_join && words >= 3 && words <= 10;
}

/* A walk over a byline's segments (see separators). */
struct segments {
    const char *p;
    bool comma, conj; /* what ended the segment before: a comma, a conjunction */
};

/* The next segment that is not empty, blanks trimmed: its start and
 * length; *after_comma and *after_conj say what came before it. False at
 * the end. */
static bool next_segment(struct segments *w, const char **st, size_t *len, bool *after_comma, bool *after_conj)
{
    while (*w->p) {
        const char *p = w->p;
        size_t sep = 0;
        bool conj = false;
        *st = p;
        while (*p && !(sep = separator_at(p, &conj)))
            p++;
        *len = (size_t)(p - *st);
        *after_comma = w->comma;
        *after_conj = w->conj;
        w->comma = sep == 1 && *p == ',';
        w->conj = conj;
        w->p = p + sep;
        while (*len && (*st)[0] == ' ')
            (*st)++, (*len)--;
        while (*len && (*st)[*len - 1] == ' ')
            (*len)--;
        if (*len)
            return true;
    }
    return false;
}

/* Whether a byline lists its people surname first ("Hahn, F., Korolev,
 * A., Sanjurjo Loures, M."): two one-word parts at least are each
 * followed, after a comma, by initials alone. A surname of several words
 * then takes its initials too, where a full name's credential after a
 * comma ("Jane Doe, M.D.") is no initials of it. */
static bool surname_first(const char *s)
{
    int pairs = 0;
    bool one_word = false, after_comma, after_conj;
    struct segments w = {.p = s};
    const char *st;
    size_t len;
    while (next_segment(&w, &st, &len, &after_comma, &after_conj)) {
        bool initials = initials_only(st, len);
        pairs += initials && after_comma && one_word;
        one_word = !initials && !memchr(st, ' ', len);
    }
    return pairs >= 2;
}

static void byline_names(const char *byline, struct nw_strv *names)
{
    char *s = without_noise(byline);
    /* a conjunction first joins these names to ones the page set apart
     * (an author list's "<span>&amp;</span> <a>Ann Lee</a>") */
    const char *b = s + strspn(s, " ");
    if (b[0] == '&' && b[1] == ' ')
        b += 2;
    else if (html_prefix_ci(b, "and ", 4))
        b += 4;
    size_t segments = 0, lone = 0;
    struct nw_strv found = {0};
    bool joined[64] = {false}; /* found.v[i] came after a conjunction */
    char *only = NULL;         /* the first segment, opener skipped */
    bool other_work = false, place = false, inverted = surname_first(b), after_comma, after_conj;
    size_t last_seg = 0; /* the segment (counted from 1) found.v's last name came from */
    struct segments w = {.p = b};
    const char *st;
    size_t len;
    while (next_segment(&w, &st, &len, &after_comma, &after_conj)) {
        enum seg_end end;
        /* after a credit for other work, its segments ("Reviewed by Tom
         * Roe, MD") until one opens a byline again */
        if (other_work && !opens_at(st, len))
            continue;
        /* a place said after "in" goes on past a comma ("Associated Press
         * in Palm Beach, Florida"): its next part is no name */
        bool in_place = place && after_comma;
        place = says_place(st, len) || (in_place && !memchr(st, ' ', len));
        if (in_place && !memchr(st, ' ', len))
            continue;
        char *name = segment_name(st, len, segments == 0, &end, segments == 0 ? &only : NULL);
        segments++;
        other_work = end == SEG_CREDIT;
        /* one name word before a job word is an organisation's credit
         * ("Resy Staff") or a title ("Sr. Director"), and so is a segment
         * that ends on a desk ("TOI Lifestyle Desk"): not a name */
        /* nor is one generic word ("Administrator", "Staff") */
        if (name &&
            ((end == SEG_JOB && (one_word(name) || ends_on_desk(st, len))) ||
             (!strchr(name, ' ') && (in_list(generic, name, strlen(name)) || in_list(accounts, name, strlen(name)))) ||
             one_cjk_char(name))) {
            free(name);
            name = NULL;
        }
        if (!name)
            continue;
        /* a surname and its initials, parted by the comma of a byline
         * written surname first ("Dressano, K., Weckwerth, P."): one name */
        if (after_comma && found.n && last_seg == segments - 1 && (inverted || !strchr(found.v[found.n - 1], ' ')) &&
            initials_only(name, strlen(name))) {
            struct nw_buf both = {0};
            nw_buf_printf(&both, "%s, %s", found.v[found.n - 1], name);
            free(found.v[found.n - 1]);
            free(name);
            found.v[found.n - 1] = nw_buf_steal(&both);
            lone--;
            continue;
        }
        /* a wire agency is credited, not a person ("Jane Doe, Reuters") */
        if (cjk_names(name)) {
            /* CJK names listed with blanks between them */
            char *save = NULL;
            for (char *w = strtok_r(name, " ", &save); w && found.n < 64; w = strtok_r(NULL, " ", &save))
                if (!nw_strv_has(&found, w)) {
                    joined[found.n] = true;
                    nw_strv_push(&found, w);
                }
            last_seg = segments;
        } else if (!is_agency(name) && !nw_strv_has(&found, name) && found.n < 64) {
            joined[found.n] = after_conj;
            nw_strv_push(&found, name);
            last_seg = segments;
            if (one_word(name))
                lone++;
        }
        free(name);
    }
    /* an organisation's name: itself, whole, its opener aside ("By") */
    char *whole = trimmed_copy(b);
    const char *org = whole;
    for (size_t i = 0; openers[i]; i++) {
        size_t n = strlen(openers[i]);
        if (html_prefix_ci(org, openers[i], n) && (org[n] == ' ' || org[n] == ':')) {
            org += n + 1;
            org += *org == ' ';
            break;
        }
    }
    if (found.n <= 2 && organisation(org, found.n ? found.v[0] : NULL) && !is_agency(org)) {
        for (size_t i = 0; i < found.n; i++)
            free(found.v[i]);
        found.n = 0;
        nw_strv_push(&found, org);
        lone = 0;
    }
    free(whole);
    free(s);
    /* one word after a comma is a place or a desk ("Jane Doe, Berlin"),
     * unless every name is one word ("Maria, Katerina") */
    for (size_t i = 0; i < found.n; i++) {
        if (i == 0 || joined[i] || lone == found.n || !one_word(found.v[i]))
            nw_strv_push(names, found.v[i]);
        free(found.v[i]);
    }
    free(found.v);
    if (!names->n && segments == 1 && only) {
        char *c = lone_credit(only);
        if (c)
            nw_strv_push(names, c);
        free(c);
    }
    free(only);
}

char *meta_names_joined(const struct nw_strv *names)
{
    if (!names->n)
        return NULL;
    struct nw_buf b = {0};
    for (size_t i = 0; i < names->n; i++) {
        if (i)
            nw_buf_puts(&b, ", ");
        nw_buf_puts(&b, names->v[i]);
    }
    return nw_buf_steal(&b);
}

/* The names of the bylines met last, per thread: a feed's items, and a
 * page's byline sources, say the same few bylines again and again. A
 * byline of up to NAMES_MEMO_BYLINE bytes whose names fit in
 * NAMES_MEMO_NAMES bytes (each ending in NUL) is kept, in the slot its
 * hash picks; asked with names already in `names` (which the reading
 * looks at), the byline is read anew. */
#define NAMES_MEMO 64
#define NAMES_MEMO_BYLINE 96
#define NAMES_MEMO_NAMES 160

struct names_memo {
    char byline[NAMES_MEMO_BYLINE];
    char names[NAMES_MEMO_NAMES];
    unsigned char n; /* names in `names`; byline[0] == 0: an empty slot */
};

void meta_byline_names(const char *byline, struct nw_strv *names)
{
    if (!byline || !*byline)
        return;
    static _Thread_local struct names_memo memo[NAMES_MEMO];
    size_t len = strlen(byline);
    struct names_memo *m = NULL;
    if (len < NAMES_MEMO_BYLINE && !names->n) {
        m = &memo[nw_fnv1a(NW_FNV_START, byline, len) % NAMES_MEMO];
        if (!strcmp(m->byline, byline)) {
            for (size_t i = 0, at = 0; i < m->n; i++) {
                nw_strv_push(names, m->names + at);
                at += strlen(m->names + at) + 1;
            }
            return;
        }
    }
    size_t first = names->n;
    byline_names(byline, names);
    if (!m)
        return;
    size_t at = 0;
    for (size_t i = first; i < names->n; i++) {
        size_t nl = strlen(names->v[i]) + 1;
        if (at + nl > sizeof m->names || i - first >= 255) {
            m->byline[0] = '\0'; /* too many names to keep */
            return;
        }
        memcpy(m->names + at, names->v[i], nl);
        at += nl;
    }
    memcpy(m->byline, byline, len + 1);
    m->n = (unsigned char)(names->n - first);
}
