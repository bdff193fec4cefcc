#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../../common/buf.h"
#include "../../../common/jsonx.h"
#include "../../../common/nwtime.h"
#include "../../../parser/html.h"
#include "../../../parser/lang.h"
#include "../../../parser/langwords.h"
#include "../../../parser/meta.h"
#include "../../../parser/parser.h"
#include "../fixture.h"


/* Word tokens as the evaluator takes them: runs of letters and digits;
 * punctuation (ASCII, Latin-1 signs, general punctuation) separates. */
static size_t tokens(const char *s, char ***out)
{
    size_t n = 0, cap = 256;
    char **t = malloc(cap * sizeof *t);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *st = p;
        while (*p) {
            unsigned c = *p;
            if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
                break;
            if (c == 0xC2 && p[1] >= 0xA0 && p[1] <= 0xBF)
                break; /* Latin-1 punctuation such as guillemets */
            if (c == 0xE2 && p[1] == 0x80)
                break; /* general punctuation: quotes, dashes */
            p += c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        }
        if (p > st) {
            if (n == cap)
                t = realloc(t, (cap *= 2) * sizeof *t);
            t[n++] = strndup((const char *)st, (size_t)(p - st));
        } else {
            p += *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        }
    }
    *out = t;
    return n;
}

static double shingle_f1(const char *got, const char *want)
{
    char **a, **b;
    size_t na = tokens(got, &a), nb = tokens(want, &b);
    size_t sa = na >= 4 ? na - 3 : 1, sb = nb >= 4 ? nb - 3 : 1, tp = 0;
    char *used = calloc(sb, 1);
    for (size_t i = 0; i + 4 <= na; i++)
        for (size_t j = 0; j + 4 <= nb; j++) {
            if (used[j])
                continue;
            int k = 0;
            while (k < 4 && !strcmp(a[i + k], b[j + k]))
                k++;
            if (k == 4) {
                used[j] = 1;
                tp++;
                break;
            }
        }
    for (size_t i = 0; i < na; i++)
        free(a[i]);
    for (size_t i = 0; i < nb; i++)
        free(b[i]);
    free(a);
    free(b);
    free(used);
    double p = (double)tp / (double)sa, r = (double)tp / (double)sb;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static void test_seed_page(void **state)
{
    (void)state;
    size_t len, elen;
    char *html = fixture_slurp(NW_SHARED_DIR "/corpus/seed/page.html", &len);
    char *exp_s = fixture_slurp(NW_SHARED_DIR "/corpus/seed/expected.json", &elen);
    json_error_t jerr;
    json_t *exp = json_loads(exp_s, 0, &jerr);
    assert_non_null(exp);
    struct nw_err err = {0};
    json_t *got = article_extract(html, len, nw_json_str(exp, "url"), "text/html; charset=utf-8", &err);
    assert_non_null(got);
    const char *keys[] = {"url", "title", "published", "lang", "site_name"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *g = nw_json_str(got, keys[i]), *w = nw_json_str(exp, keys[i]);
        if (!g || strcmp(g, w))
            fail_msg("%s: got '%s', expected '%s'", keys[i], g ? g : "(null)", w);
    }
    assert_int_equal(nw_json_int(got, "reading_time_min", -1), nw_json_int(exp, "reading_time_min", -2));
    assert_true(json_equal(json_object_get(got, "agencies"), json_object_get(exp, "agencies")));
    double f1 = shingle_f1(nw_json_str(got, "text"), nw_json_str(exp, "text"));
    if (f1 < 0.98)
        fail_msg("seed text F1 %.3f < 0.98", f1);
    /* page furniture stays out */
    const char *text = nw_json_str(got, "text");
    assert_null(strstr(text, "Temps de lecture"));
    assert_null(strstr(text, "Partager"));
    assert_null(strstr(text, "commentaires"));
    assert_null(strstr(text, "Publicit"));
    assert_null(strstr(text, "cookies"));
    /* paragraphs separated by one blank line */
    assert_non_null(strstr(text, "russes.\n\n\xc2\xab" "Le 9 octobre"));
    json_decref(got);
    /* the same page fetched under its tracked address gives the same canonical URL */
    got = article_extract(html, len, "https://courrier-caucase.example/monde/2020/10/09/haut-karabakh-poutine-appelle-a-l-arret-des-combats?utm_source=rss&utm_medium=feed#x",
                          NULL, &err);
    assert_string_equal(nw_json_str(got, "url"), nw_json_str(exp, "url"));
    json_decref(got);
    json_decref(exp);
    free(html);
    free(exp_s);
}

/* A page's references to characters HTML 4 does not name are read as
 * browsers read them (libxml2 would leave "&ccaron;" as text, and read
 * "&#146;" as a control). */
static void test_html5_references(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><title>Zpr&aacute;vy</title><meta property='og:site_name' content='&fjlig;ord &NotEqualTilde;'>"
        "</head><body><article><h1>Nadpis</h1>"
        "<p>P&rcaron;&iacute;li&scaron; &zcaron;lu&tcaron;ou&ccaron;k&yacute; k&uring;&ncaron; &uacute;p&ecaron;l "
        "&dcaron;&aacute;belsk&eacute; &oacute;dy&colon; a sentence of words that makes a paragraph of the body, "
        "long enough to be one&mldr; &DoubleLongLeftRightArrow; &NotEqualTilde; &fjlig;ord</p><p>Another paragraph of "
        "plain words that goes on for a while, so that "
        "the article&#146;s long enough to be read as one.</p></article></body></html>";
    struct nw_err err = {0};
    json_t *got = article_extract(page, sizeof page - 1, "https://e.example/a", "text/html; charset=utf-8", &err);
    assert_non_null(got);
    const char *text = nw_json_str(got, "text");
    assert_non_null(text);
    assert_non_null(strstr(text, "P\xC5\x99\xC3\xADli\xC5\xA1 \xC5\xBElu\xC5\xA5ou\xC4\x8Dk\xC3\xBD k\xC5\xAF\xC5\x88 "
                                 "\xC3\xBAp\xC4\x9Bl \xC4\x8F\xC3\xA1\x62\x65lsk\xC3\xA9 \xC3\xB3\x64y:"));
    assert_non_null(strstr(text, "one\xE2\x80\xA6 \xE2\x9F\xBA \xE2\x89\x82\xCC\xB8 fjord"));
    assert_string_equal(nw_json_str(got, "site_name"), "fjord \xE2\x89\x82\xCC\xB8");
    /* and a reference to a C1 control as windows-1252's character */
    assert_non_null(strstr(text, "article\xE2\x80\x99s long"));
    json_decref(got);
    /* a "&#" that no number follows is text (libxml2 drops it), in a page
     * and in a fragment */
    static const char page2[] =
        "<html><body><article><h1>Refs</h1><p>Write &#; or &#x; or &#xZ; or &#a; and &#65; as you like, in a "
        "paragraph that is long enough to be read as the body of the page, with words enough.</p></article>"
        "</body></html>";
    got = article_extract(page2, sizeof page2 - 1, "https://e.example/b", "text/html; charset=utf-8", &err);
    assert_non_null(got);
    assert_non_null(strstr(nw_json_str(got, "text"), "Write &#; or &#x; or &#xZ; or &#a; and A as"));
    json_decref(got);
    char *frag = html_fragment_text("1&#;2 &#x;3", 11);
    assert_string_equal(frag, "1&#;2 &#x;3");
    free(frag);
}

#define LONG_PARA "A long paragraph of news text without any credit in it at all, talking about a region.\n\n"

static void test_agencies(void **state)
{
    (void)state;
    struct {
        const char *byline, *text, *want;
    } rows[] = {
        {NULL, "PARIS (AFP) - Le gouvernement a annoncé mardi une réforme importante du système des retraites.",
         "[\"AFP\"]"},
        {NULL, "A long paragraph of news text without any credit in it at all, talking about a region.\n\n— Reuters",
         "[\"Reuters\"]"},
        {"La rédaction avec AFP", "Texte.", "[\"AFP\"]"},
        {NULL, "Erster Absatz mit genug Text damit er kein Kredit ist, über Politik und Wirtschaft.\n\nmit dpa und AP",
         "[\"dpa\",\"AP\"]"},
        {NULL,
         "The AP style guide is a book. Reuters is a company that we mention in the middle of a long sentence "
         "that is not a credit line at all and should not count as one.",
         "[]"},
        {NULL,
         "Texte principal assez long pour ne pas être un crédit, avec des mots et des phrases.\n\n*Avec AFP et Tass",
         "[\"AFP\",\"TASS\"]"},
        /* the agencies of more of the news web, in their datelines */
        {NULL, "NEW DELHI (PTI) - The government announced on Tuesday an important reform of the pension system.",
         "[\"PTI\"]"},
        {NULL, "KYIV (Ukrinform) - The government announced on Tuesday an important reform of the pension system.",
         "[\"Ukrinform\"]"},
        {NULL, "KUALA LUMPUR, May 12 (Bernama) -- The government announced on Tuesday an important reform.",
         "[\"Bernama\"]"},
        {NULL, "TORONTO (CP) \xe2\x80\x94 The government announced on Tuesday an important reform of pensions.",
         "[\"CP\"]"},
        {NULL, "JAKARTA (ANTARA) - The government announced on Tuesday an important reform of the pension system.",
         "[\"Antara\"]"},
        {NULL, "RAJSHAHI, Dec 20, 2025 (BSS) - Homestead gardening has been contributing to rural incomes.",
         "[\"BSS\"]"},
        {NULL, LONG_PARA "The Canadian Press", "[\"CP\"]"},
        {NULL, "The MENA region and the CP rail line are named in the middle of a long sentence that is no credit.",
         "[]"},
        /* a short last line that quotes an agency as a source, or credits a
         * photograph, credits no agency; credit lines still do */
        {NULL, LONG_PARA "He declined to comment to Reuters.", "[]"},
        {NULL, LONG_PARA "\"It is over,\" she told AFP.", "[]"},
        {NULL, LONG_PARA "Shares fell 3%, according to data compiled by Bloomberg.", "[]"},
        {NULL, LONG_PARA "The letter was seen by Reuters on Monday.", "[]"},
        {NULL, LONG_PARA "He spoke with AFP by phone.", "[]"},
        {NULL, LONG_PARA "Il y a eu trois morts, selon l'AFP.", "[]"},
        {NULL,
         LONG_PARA "\"C'est fini\", a-t-il d\xc3\xa9"
                   "clar\xc3\xa9 \xc3\xa0 l\xe2\x80\x99"
                   "AFP.",
         "[]"},
        {NULL, LONG_PARA "\"Se acab\xc3\xb3\", dijo a EFE el portavoz.", "[]"},
        {NULL, LONG_PARA "Photo: Reuters/Jane Roe", "[]"},
        {NULL, LONG_PARA "Foto: dpa", "[]"},
        {NULL, LONG_PARA "Additional reporting by Reuters; editing by Jane Roe.", "[\"Reuters\"]"},
        {NULL, LONG_PARA "The Associated Press contributed to this report.", "[\"AP\"]"},
        {NULL, LONG_PARA "Mit Material von dpa", "[\"dpa\"]"},
        {NULL, LONG_PARA "Source: AFP", "[\"AFP\"]"},
#undef LONG_PARA
        /* a text-size control ("AA") is no agency */
        {"AA Jane Roe", "The government announced on Tuesday an important reform of the pension system.", "[]"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        json_t *got = meta_agencies(rows[i].byline, rows[i].text);
        json_error_t jerr;
        json_t *want = json_loads(rows[i].want, 0, &jerr);
        if (!json_equal(got, want)) {
            char *g = json_dumps(got, 0);
            fail_msg("row %zu: got %s, expected %s", i, g, rows[i].want);
        }
        json_decref(got);
        json_decref(want);
    }
}

/* Forms are looked for 16 bytes at a time: a credit at every offset, after
 * ASCII, Cyrillic or CJK, is found as it was a byte at a time, and a form
 * inside a longer word or after a letter is not. */
static void test_agencies_offsets(void **state)
{
    (void)state;
    static const struct {
        const char *pad, *credit, *want;
        int most; /* pads: a credit line has 12 words at most */
    } kinds[] = {
        {"· ", "avec AFP", "[\"AFP\"]", 24},  {"ж ", "— ТАСС", "[\"TASS\"]", 10},
        {"— ", "ТАСС", "[\"TASS\"]", 24},     {"据", "新华社", "[\"Xinhua\"]", 18},
        {"· ", "par xAFP", "[]", 24},           {"ab", "xReuters", "[]", 24},
        {". ", "(Reuters)", "[\"Reuters\"]", 24},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        for (int n = 0; n < kinds[k].most; n++) {
            char text[512] = "A first paragraph long enough not to be a credit line, with words and more words here.\n\n";
            for (int i = 0; i < n; i++)
                strcat(text, kinds[k].pad);
            strcat(text, kinds[k].credit);
            json_t *got = meta_agencies(NULL, text);
            json_error_t jerr;
            json_t *want = json_loads(kinds[k].want, 0, &jerr);
            if (!json_equal(got, want)) {
                char *g = json_dumps(got, 0);
                fail_msg("%s after %d of '%s': got %s, expected %s", kinds[k].credit, n, kinds[k].pad, g,
                         kinds[k].want);
            }
            json_decref(got);
            json_decref(want);
        }
}

/* Agencies set off in a paragraph are found by looking around the bytes
 * that set them off, as they were found by looking at every word: random
 * paragraphs of forms, openers, closers, dashes, words and scripts. A
 * form met first where nothing sets it off does not count, even when it
 * is set off later ("AFP said ... (AFP)"). */
static void test_agencies_set_off(void **state)
{
    (void)state;
    static const char *const parts[] = {
        "AFP", "Reuters", "AP", "dpa", "DPA", "Agence France-Presse", "Deutsche Presse-Agentur", "ТАСС", "Tass",
        "ITAR-TASS", "新华社", "ロイター", "رويترز", "ATS/SDA", "Keystone-ATS", "ATS", "SDA", "PA Media", "Bloomberg",
        "ČTK", "(", ")", "/", "=", "[", "]", "- ", "--", " -", "—", "–", "（", "）", " ", " ", " ", "  ", ",", ".", "x",
        "news", "Paris", "le", "said", "über", "мир", "报道", "-", "'", "1", "          ",
    };
    const size_t nparts = sizeof parts / sizeof *parts;
    srand(13);
    size_t found = 0;
    for (int round = 0; round < 20000; round++) {
        struct nw_buf t = {0};
        /* a first paragraph long enough not to be a credit line, then
         * paragraphs too long to be credit lines: only forms set off count
         * in them */
        nw_buf_puts(&t, "A first paragraph long enough not to be a credit line, with words and more words here.");
        for (int para = rand() % 3; para < 3; para++) {
            nw_buf_puts(&t, "\n\nWords and words of a paragraph, more than a credit line has, so many words ");
            int n = 1 + rand() % 30;
            for (int i = 0; i < n; i++)
                nw_buf_puts(&t, parts[rand() % nparts]);
        }
        nw_buf_putc(&t, '\0');
        json_t *fast = meta_agencies(NULL, t.data), *every = meta_agencies_every_word(NULL, t.data);
        if (!json_equal(fast, every)) {
            char *a = json_dumps(fast, 0), *b = json_dumps(every, 0);
            fail_msg("'%s': %s around set-off bytes, %s at every word", t.data, a, b);
        }
        found += json_array_size(every) > 0;
        json_decref(fast);
        json_decref(every);
        nw_buf_cleanup(&t);
    }
    /* the random texts do credit agencies, often */
    assert_true(found > 2000);
    json_t *got = meta_agencies(NULL, "First paragraph long enough not to be a credit line at all, with words.\n\n"
                                      "AFP said that the talks went on (AFP) and Reuters added more (Reuters)");
    assert_int_equal(json_array_size(got), 0);
    json_decref(got);
    got = meta_agencies(NULL, "First paragraph long enough not to be a credit line at all, with words.\n\n"
                              "The talks went on and on into the night, said a source close to them (AFP)");
    assert_int_equal(json_array_size(got), 1);
    json_decref(got);
}

/* The function words settle a text only when they leave no doubt: every
 * fixture text they answer is right, related languages without a word
 * list of their own (Afrikaans beside Dutch, Catalan beside Spanish,
 * Danish and Norwegian, Czech and Slovak...) are left to CLD2, and so are
 * texts of two languages, short texts and other scripts. */
static char *repeat(char *w, const char *s, int n)
{
    while (n--)
        w = stpcpy(w, s);
    return w;
}

/* CLD2 reads on past the length it is given, to a NUL: the sample
 * meta_text_lang gives it is NUL-terminated (a long text's start and
 * middle, copied), and a NUL stops CLD2 on a sample it otherwise reads
 * out of (found by the feed fuzz target: the sample ended where the
 * stack held other bytes). */
static void test_lang_sample_terminated(void **state)
{
    (void)state;
    srand(3);
    for (int t = 0; t < 2000; t++) {
        char text[6000], *w = text;
        int n = 520 + rand() % 5000;
        while (w - text < n)
            w = stpcpy(w, rand() % 3 ? "\xd0\xb8" : rand() % 2 ? "word " : "\xe4\xb8\xad");
        size_t len = (size_t)(w - text);
        char buf[META_LANG_SAMPLE + 1];
        memset(buf, 'x', sizeof buf);
        const char *sample = meta_lang_sample(text, &len, buf);
        assert_ptr_equal(sample, buf);
        assert_true(len <= META_LANG_SAMPLE);
        assert_int_equal(sample[len], '\0');
        assert_true(nw_utf8_valid(sample, len));
    }
    const char *short_text = "a short text";
    size_t len = strlen(short_text);
    char buf[META_LANG_SAMPLE + 1];
    assert_ptr_equal(meta_lang_sample(short_text, &len, buf), short_text);
    assert_int_equal(len, strlen(short_text));
    /* a sample that CLD2 reads out of without its NUL (512 bytes before a
     * page that cannot be read), read with it */
    char s[1024], *w = s;
    w = repeat(w, "\xd0\xb8", 112);
    w = stpcpy(w, "te feedurl.org20/rss/1.0/modules ");
    w = repeat(w, "\xd0\xb8", 43);
    w = stpcpy(w, " h/rss> ");
    w = repeat(w, "\xd0\xbc", 47);
    w = repeat(w, "\xd0\xb8", 33);
    w = stpcpy(w, "E");
    size_t n = (size_t)(w - s);
    long pg = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 2 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m != MAP_FAILED);
    assert_int_equal(mprotect(m + pg, (size_t)pg, PROT_NONE), 0);
    char *at = m + pg - n - 1;
    memcpy(at, s, n + 1);
    (void)lang_guess(at, n);
    munmap(m, 2 * (size_t)pg);
}

static void test_lang_by_words(void **state)
{
    (void)state;
    size_t len, answered = 0;
    char *data = fixture_slurp(NW_FIXTURES "/lang/news.tsv", &len);
    const char *english = NULL, *french = NULL, *spanish = NULL, *catalan = NULL;
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *got = lang_by_words(tab + 1, strlen(tab + 1));
        if (got && strcmp(got, line))
            fail_msg("%s read as %s: %.60s...", line, got, tab + 1);
        answered += got != NULL;
        if (!strcmp(line, "en"))
            english = tab + 1;
        if (!strcmp(line, "fr"))
            french = tab + 1;
        if (!strcmp(line, "es"))
            spanish = tab + 1;
        if (!strcmp(line, "ca"))
            catalan = tab + 1;
    }
    print_message("function words: %zu fixture texts answered\n", answered);
    assert_true(answered >= 16);
    assert_non_null(english);
    assert_non_null(french);
    /* half one language, half another */
    char mixed[4096];
    snprintf(mixed, sizeof mixed, "%.*s %.*s", (int)strlen(english) / 2, english, (int)strlen(french) / 2, french);
    assert_null(lang_by_words(mixed, strlen(mixed)));
    /* Spanish with a Catalan sentence: Spanish words lead, but Catalan's
     * own words are more than a stray few */
    assert_string_equal(lang_by_words(spanish, strlen(spanish)), "es");
    snprintf(mixed, sizeof mixed, "%s %.*s", spanish, (int)strlen(catalan) / 2, catalan);
    assert_null(lang_by_words(mixed, strlen(mixed)));
    /* too few words; no words of a list */
    assert_null(lang_by_words("the cat and the dog of the house", 32));
    /* scripts that one language alone writes, read by their letters; not
     * Chinese characters without kana, which Chinese and Japanese share */
    const char *greek = "Η κυβέρνηση ανακοίνωσε την Τετάρτη νέα μέτρα για την οικονομία της χώρας και των πολιτών";
    assert_string_equal(lang_by_words(greek, strlen(greek)), "el");
    assert_null(lang_by_words(greek, 60)); /* fewer than 40 letters */
    const char *japanese = "政府は水曜日、経済対策の新たな案を発表した。首相は記者会見で、物価の上昇に対応するため、"
                           "家計への支援を強化すると述べた。";
    assert_string_equal(lang_by_words(japanese, strlen(japanese)), "ja");
    const char *chinese = "政府周三宣布了新的经济措施。总理在记者会上表示，为应对物价上涨，将加强对家庭的支持，"
                          "并扩大对中小企业的贷款。";
    assert_null(lang_by_words(chinese, strlen(chinese)));
    const char *korean = "정부는 수요일 새로운 경제 대책을 발표했다. 총리는 기자회견에서 물가 상승에 대응하기 위해 "
                         "가계 지원을 강화하겠다고 말했다.";
    assert_string_equal(lang_by_words(korean, strlen(korean)), "ko");
    /* English with as many words of accented letters as a stray few allow,
     * then more */
    char accented[2048] = "";
    for (int i = 0; i < 12; i++)
        strcat(accented, "the people of the city said that it was the time for the vote and ");
    assert_string_equal(lang_by_words(accented, strlen(accented)), "en");
    for (int i = 0; i < 6; i++)
        strcat(accented, "żółć ");
    assert_null(lang_by_words(accented, strlen(accented)));
    /* contractions and elisions read as words of their language, not as
     * stray letters of others' lists */
    const char *contracted = "It's what they've said: we don't know, they didn't say, it isn't clear, and it's the "
                             "third time they've said so. She's sure it's over, he's not; I'd say they'll wait "
                             "and we'll see what's next, since it's what's been done before, and that's that.";
    assert_string_equal(lang_by_words(contracted, strlen(contracted)), "en");
    const char *elided = "L'homme qu'on attendait n'est pas venu. L'État l'a dit : c'est l'heure d'agir, d'autant "
                         "qu'il l'avait promis. J'ai vu qu'elle n'a rien dit à l'assemblée, et qu'on s'en doutait "
                         "bien. S'il l'a fait, c'est qu'il n'en pouvait plus d'attendre.";
    assert_string_equal(lang_by_words(elided, strlen(elided)), "fr");
    /* capitals of Latin-1 and Cyrillic read as small letters */
    const char *capitals = "В МОСКВЕ И В ПЕТЕРБУРГЕ ЭТО БЫЛО НЕ ТАК, КАК ОНИ ДУМАЛИ: ПО ЕГО СЛОВАМ, ЭТО ТОЛЬКО "
                           "НАЧАЛО, И ОН НЕ ЗНАЕТ, ЧТО БУДЕТ ПОСЛЕ ТОГО, КАК ВСЕ ЭТО КОНЧИТСЯ. ОНИ УЖЕ НЕ МОГУТ "
                           "ЖДАТЬ, И ЭТО ИХ ВЫБОР, НО ОН ЕЩЕ НЕ ПРИНЯТ";
    assert_string_equal(lang_by_words(capitals, strlen(capitals)), "ru");
    /* any bytes, cut anywhere (the sanitizers watch the reads): words of
     * the lists, apostrophes, broken and cut sequences */
    static const char *const bits[] = {"the ", "of ", "and ", "l'", "'n ", "\xe2\x80\x99", "'", "\xc3", "\xd0\x92",
                                       "\xe2\x80", "\xf0\x9f\x98", "\x80", "x1 ", "  ", "\xc3\xa9t\xc3\xa9 ", "\xff"};
    srand(17);
    for (int t = 0; t < 20000; t++) {
        char buf[1024];
        size_t n = 0;
        while (n < 900) {
            const char *b = bits[rand() % (int)(sizeof bits / sizeof *bits)];
            memcpy(buf + n, b, strlen(b));
            n += strlen(b);
        }
        size_t cut = (size_t)rand() % n;
        char *exact = malloc(cut ? cut : 1);
        memcpy(exact, buf, cut);
        const char *got = lang_by_words(exact, cut);
        assert_true(!got || strlen(got) == 2);
        free(exact);
    }
    free(data);
}

static void test_title_and_lang(void **state)
{
    (void)state;
    char *t = meta_strip_site("Big news today in the city | The Daily Example", "The Daily Example");
    assert_string_equal(t, "Big news today in the city");
    free(t);
    t = meta_strip_site("The Daily Example - Big news today in the city", "The Daily Example");
    assert_string_equal(t, "Big news today in the city");
    free(t);
    t = meta_strip_site("Jean-Pierre Dupont - un portrait", NULL);
    assert_string_equal(t, "Jean-Pierre Dupont - un portrait");
    free(t);
    /* a colon between blanks only around the site's own name, and not
     * after it (a page of the site: "Birdbuddy : Shop"); a breadcrumb's
     * single angle quotation mark */
    static const char *const colon[][3] = {
        {"\xec\x84\x9c\xec\x9a\xb8 \xed\x8f\xad\xec\x84\xa4 : Naver News", "Naver News",
         "\xec\x84\x9c\xec\x9a\xb8 \xed\x8f\xad\xec\x84\xa4"},
        {"Incendie dans le centre de Paris : trois immeubles \xc3\xa9vacu\xc3\xa9s", "Le Parisien",
         "Incendie dans le centre de Paris : trois immeubles \xc3\xa9vacu\xc3\xa9s"},
        {"Birdbuddy : Shop", "Birdbuddy", "Birdbuddy : Shop"},
        {"The Daily Example \xe2\x80\xba News \xe2\x80\xba Big news today in the city", "The Daily Example",
         "Big news today in the city"},
    };
    for (size_t i = 0; i < sizeof colon / sizeof *colon; i++) {
        t = meta_strip_site(colon[i][0], colon[i][1]);
        assert_string_equal(t, colon[i][2]);
        free(t);
    }
    char *l = meta_text_lang("ok");
    assert_null(l);
    l = nw_lang_primary("iw-IL");
    assert_string_equal(l, "he");
    free(l);
}

/* Checks one field of the article extracted from a small page: `head`,
 * then `body` before a paragraph of prose; want NULL means absent. */
static void expect_field(const char *head, const char *body, const char *field, const char *want)
{
    char page[2048];
    snprintf(page, sizeof page,
             "<html><head>%s</head><body><main>%s<p>A paragraph of body text that is long enough to count as the "
             "article, with several clauses, commas, and a full stop at the end of it.</p></main></body></html>",
             head, body);
    struct nw_err err = {0};
    json_t *o = article_extract(page, strlen(page), "https://example.org/a", NULL, &err);
    assert_non_null(o);
    const char *got = nw_json_str(o, field);
    if (!want ? got != NULL : !got || strcmp(got, want))
        fail_msg("%s of %s %s: got \"%s\", want \"%s\"", field, head, body, got ? got : "(null)",
                 want ? want : "(null)");
    json_decref(o);
}

/* Who may read the story, as the page declares it to search engines and
 * social networks: article:content_tier when given, else schema.org's
 * isAccessibleForFree (on the story, or on its parts behind the
 * paywall), in JSON-LD or microdata; nothing declared, null. */
static void test_access(void **state)
{
    (void)state;
#define LD(x) "<script type=\"application/ld+json\">" x "</script>"
    expect_field("", "", "access", NULL);
    expect_field(LD("{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":false}"), "", "access", "paywalled");
    expect_field(LD("{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":\" False \"}"), "", "access", "paywalled");
    expect_field(LD("{\"@type\":\"Article\",\"isAccessibleForFree\":\"True\"}"), "", "access", "free");
    expect_field(LD("{\"@type\":\"NewsArticle\",\"hasPart\":[{\"@type\":\"WebPageElement\","
                    "\"isAccessibleForFree\":\"False\",\"cssSelector\":\".paywall\"}]}"),
                 "", "access", "paywalled");
    expect_field(LD("{\"@graph\":[{\"@type\":\"WebPage\",\"isAccessibleForFree\":true},"
                    "{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":false}]}"),
                 "", "access", "paywalled");
    /* an organisation's or a product's say nothing of the story */
    expect_field(LD("{\"@type\":\"Product\",\"isAccessibleForFree\":false}"), "", "access", NULL);
    expect_field(LD("{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":\"maybe\"}"), "", "access", NULL);
    expect_field("<meta property=\"article:content_tier\" content=\"metered\">" LD(
                     "{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":false}"),
                 "", "access", "metered");
    expect_field("<meta property=\"article:content_tier\" content=\"locked\">", "", "access", "paywalled");
    expect_field("<meta property=\"article:content_tier\" content=\"Free\">", "", "access", "free");
    expect_field("",
                 "<div itemscope itemtype=\"https://schema.org/NewsArticle\"><meta itemprop=\"isAccessibleForFree\" "
                 "content=\"False\"></div>",
                 "access", "paywalled");
#undef LD
}

/* A page double-encoded as a whole (UTF-8 read as Latin-1 and encoded
 * again: "CafÃ©" for "Café") is turned back, with a byte order mark at
 * its start as without one. */
static void test_double_encoded_page(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><meta charset=\"UTF-8\"><title>Caf\xc3\x83\xc2\xa9 owner\xc3\xa2\xc2\x80\xc2\x99s "
        "guide</title></head><body><main><h1>Caf\xc3\x83\xc2\xa9 owner\xc3\xa2\xc2\x80\xc2\x99s guide</h1><p>The "
        "cr\xc3\x83\xc2\xa8me br\xc3\x83\xc2\xbbl\xc3\x83\xc2\xa9"
        "e of the caf\xc3\x83\xc2\xa9, long enough "
        "to count as the article, with several clauses, commas, and a full stop at the end of it.</p></main></body>"
        "</html>";
    for (int bom = 0; bom < 2; bom++) {
        struct nw_buf b = {0};
        if (bom)
            nw_buf_puts(&b, "\xEF\xBB\xBF");
        nw_buf_puts(&b, page);
        for (int typed = 0; typed < 2; typed++) {
            struct nw_err err = {0};
            json_t *o = article_extract(b.data, b.len, "https://example.org/a",
                                        typed ? "text/html; charset=utf-8" : NULL, &err);
            assert_non_null(o);
            assert_string_equal(nw_json_str(o, "title"), "Caf\xc3\xa9 owner\xe2\x80\x99s guide");
            assert_non_null(strstr(nw_json_str(o, "text"), "cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"
                                                           "e"));
            json_decref(o);
        }
        nw_buf_cleanup(&b);
    }
}

/* Appends n lines of markup made from fmt, which numbers them with one
 * %d from 0 (a story's paragraphs, a thread's posts). */
static void numbered(struct nw_buf *b, int n, const char *fmt)
{
    for (int i = 0; i < n; i++)
        nw_buf_printf(b, fmt, i);
}

/* The lists of expect_text, NULL-terminated, written in place. */
#define HAS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define LACKS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The text extracted from a page (len bytes, its address url, which may
 * be NULL) holds every string of has and none of lacks (either list may
 * be NULL). */
static void expect_text(const char *page, size_t len, const char *url, const char *const *has, const char *const *lacks)
{
    struct nw_err err = {0};
    json_t *o = article_extract(page, len, url, NULL, &err);
    if (!o)
        fail_msg("no article (%s) from %.120s", err.msg, page);
    const char *t = nw_json_str(o, "text");
    for (size_t i = 0; has && has[i]; i++)
        if (!t || !strstr(t, has[i]))
            fail_msg("text \"%.300s\" lacks \"%s\"", t ? t : "(null)", has[i]);
    for (size_t i = 0; lacks && lacks[i]; i++)
        if (t && strstr(t, lacks[i]))
            fail_msg("text \"%.300s\" holds \"%s\"", t, lacks[i]);
    json_decref(o);
}

/* Titles lose the affixes the other title sources do not share, and a
 * page without a title has its only <h1>'s. */
/* A whole page at url: its field as wanted (NULL: none). */
static void expect_page_field(const char *page, const char *url, const char *field, const char *want)
{
    struct nw_err err = {0};
    json_t *o = article_extract(page, strlen(page), url, NULL, &err);
    assert_non_null(o);
    const char *got = nw_json_str(o, field);
    if (!want ? got != NULL : !got || strcmp(got, want))
        fail_msg("%s of %s: got \"%s\", want \"%s\"", field, page, got ? got : "(null)", want ? want : "(null)");
    json_decref(o);
}

static void title_case(const char *head, const char *h1, const char *want) { expect_field(head, h1, "title", want); }

/* A site's home page: its name as the heading, a story's headline as a
 * link, then `line` (a byline, a date) and a paragraph; `head` in its
 * <head>. */
static void home_page(char *out, size_t cap, const char *head, const char *line)
{
    snprintf(out, cap,
             "<html><head><title>Daily Planet</title>%s</head><body><h1>Daily Planet</h1><h2><a "
             "href=\"/world/storm\">Storm closes the bridge</a></h2>%s<p>A paragraph of body text that is long "
             "enough to count as the article, with several clauses, commas, and a full stop at the end of it.</p>"
             "</body></html>",
             head, line);
}

static void test_title_sources(void **state)
{
    (void)state;
    title_case("<title>Portage - Gentoo wiki</title>", "<h1>Portage</h1>", "Portage");
    title_case("<title>BigQuery overview \xC2\xA0|\xC2\xA0 Cloud Docs</title>", "<h1>BigQuery overview</h1>",
               "BigQuery overview");
    title_case("<title>Site Name: Storm closes the bridge</title>", "<h1>Storm closes the bridge</h1>",
               "Storm closes the bridge");
    /* a site that puts its name in its <h1>: the end is not the title */
    title_case("<title>Defining Shared Behavior with Traits - The Rust Book</title>", "<h1>The Rust Book</h1>",
               "Defining Shared Behavior with Traits");
    title_case("<title>Lights | Giro</title><meta property=\"og:site_name\" content=\"Giro\">", "<h1>Giro</h1>",
               "Lights");
    /* "&" in the title where the heading says "and": the heading's words;
     * a heading that differs only in case: the title's */
    title_case("<title>How to Restore &amp; Refinish Furniture | Old Crows - Antiques Mall in Littleton</title>",
               "<h1>How to Restore and Refinish Furniture</h1>", "How to Restore and Refinish Furniture");
    title_case("<title>History of coffee | Origin, Spread, Facts | Britannica</title>", "<h1>history of coffee</h1>",
               "History of coffee");
    title_case("", "<h1>Only a heading</h1>", "Only a heading");
    /* a <title> that says nothing of the page (a template's placeholder,
     * or below the home page the site's name alone): the headline; not on
     * the home page */
    title_case("<title>Untitled Document</title>", "<h1>Storm closes the bridge</h1>", "Storm closes the bridge");
    title_case("<title>Article</title>", "<h1>Storm closes the bridge</h1>", "Storm closes the bridge");
    title_case("<title>Daily Planet</title><meta property=\"og:site_name\" content=\"Daily Planet\">",
               "<h1>Storm closes the bridge</h1>", "Storm closes the bridge");
    title_case("<title>Example.org</title>", "<h1>Storm closes the bridge</h1>", "Storm closes the bridge");
    {
        const char *home = "<html><head><title>Daily Planet</title><meta property=\"og:site_name\" content=\"Daily "
                           "Planet\"></head><body><h1>News of the day</h1><p>A "
                           "paragraph of body text that is long enough to count as the article, with several "
                           "clauses, commas, and a full stop at the end of it.</p></body></html>";
        struct nw_err err = {0};
        json_t *o = article_extract(home, strlen(home), "https://dailyplanet.example/", NULL, &err);
        assert_string_equal(nw_json_str(o, "title"), "Daily Planet");
        json_decref(o);
        o = article_extract(home, strlen(home), "https://dailyplanet.example/world/storm", NULL, &err);
        assert_string_equal(nw_json_str(o, "title"), "News of the day");
        json_decref(o);
    }
    /* a dated story that declares no title shows its headline, where the
     * <title> words the same subject for search engines; not its logo's
     * <h1>, which shares no word with the <title>, nor one in capitals
     * that the <title> holds; a declared title (OpenGraph's, JSON-LD's)
     * is set aside for the heading as the <title> is; not the <title> of
     * a page that is no dated story (a shop's "Save up to $800 on
     * treadmills") */
#define DATED "<meta property=\"article:published_time\" content=\"2025-03-01T10:00:00Z\">"
    title_case(DATED "<title>Best Electric Cars 2026 | Motor Weekly</title>",
               "<h1>Want a good EV? Here are the 20 best electric cars on sale right now</h1>",
               "Want a good EV? Here are the 20 best electric cars on sale right now");
    title_case(DATED "<title>Storm closes the harbour bridge again - Daily Planet</title>",
               "<h1>The Daily Bugle Network</h1>", "Storm closes the harbour bridge again");
    title_case(DATED "<title>Weekend Coding Agent</title>", "<h1>WEEKEND CODING AGENT</h1>", "Weekend Coding Agent");
    title_case(DATED "<title>Best Electric Cars 2026 | Motor Weekly</title>"
                     "<meta property=\"og:title\" content=\"Best Electric Cars 2026\">",
               "<h1>Want a good EV? Here are the 20 best electric cars on sale right now</h1>",
               "Want a good EV? Here are the 20 best electric cars on sale right now");
    title_case(DATED "<title>Best Electric Cars 2026 | Motor Weekly</title>"
                     "<meta property=\"og:title\" content=\"Best Electric Cars 2026\">"
                     "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
                     "\"Best Electric Cars 2026\"}</script>",
               "<h1>Want a good EV? Here are the 20 best electric cars on sale right now</h1>",
               "Want a good EV? Here are the 20 best electric cars on sale right now");
    /* (not a section's name that shares no word with the title) */
    title_case(DATED "<meta property=\"og:title\" content=\"Storm closes the harbour bridge again\">",
               "<h1>Weather and traffic</h1>", "Storm closes the harbour bridge again");
    title_case("<title>Treadmills, Ellipticals and Strength Equipment | Fit Shop</title>",
               "<h1>Save up to an extra $800 on treadmills</h1>", "Treadmills, Ellipticals and Strength Equipment");
    /* a page without <h1>: its headline in large bold type, which the
     * <title> holds, is its headline as an <h1> is (the title's affix
     * left out); not a logo that is the title's last part */
    title_case("<title>Machine Learning Engineer | Google Skills</title>",
               "<p><font size=\"5\"><b>Machine Learning Engineer</b></font></p>", "Machine Learning Engineer");
    title_case("<title>Electrical - Overview | Occupational Safety and Health Administration</title>",
               "<div><h2 class=\"logo-type\">Occupational Safety and Health Administration</h2></div>",
               "Electrical - Overview | Occupational Safety and Health Administration");
    /* a logo's <h1> (the site's name, a home link's text, an image) is
     * no headline: the lower heading that the <title> holds stands for
     * it, as on a page without <h1>; and of a heading that goes on with
     * a part of its own (a date), the <title>'s part */
    title_case("<title>Storm closes the harbour bridge | Coast Diaries</title>",
               "<h1 class=\"title\"><a href=\"https://example.org/\">Coast Diaries</a></h1>"
               "<h2>Storm closes the harbour bridge again in the night</h2>",
               "Storm closes the harbour bridge again in the night");
    title_case("<title>Storm closes the harbour bridge | Coast Diaries</title>",
               "<h1><a href=\"/\">The Coast</a></h1><h2>Storm closes the harbour bridge again in the night</h2>",
               "Storm closes the harbour bridge again in the night");
    title_case("<title>Storm closes the harbour bridge | Coast Diaries</title>",
               "<h1><a href=\"/\"><img src=\"logo.png\" alt=\"\"></a></h1>"
               "<h2>Storm closes the harbour bridge again in the night</h2>",
               "Storm closes the harbour bridge again in the night");
    title_case("<title>Porting a complete HTML5 parser</title>",
               "<h1><a href=\"/\">Anil Kumar</a></h1><h2><a href=\"/notes/p\">Porting a complete HTML5 parser</a> "
               "<span>/ Dec 2025</span></h2>",
               "Porting a complete HTML5 parser");
    /* a link to another page, or a home link's text with more of its own,
     * is a headline */
    title_case("<title>Storm closes the harbour bridge | Coast Diaries</title>",
               "<h1><a href=\"https://example.org/storm\">Storm closes the bridge at night</a></h1>"
               "<h2>Storm closes the harbour bridge again in the night</h2>",
               "Storm closes the bridge at night");
    title_case("<title>Storm closes the harbour bridge | Coast Diaries</title>",
               "<h1>Storm closes the bridge: <a href=\"/\">Coast Diaries</a> at night</h1>"
               "<h2>Storm closes the harbour bridge again in the night</h2>",
               "Storm closes the bridge: Coast Diaries at night");
    /* on a page that declares no title but its <title>, a bold or large
     * line of its own at the top that is a version of the <title> (half
     * the words of each in the other) is its headline, dated or not; one
     * that shares only the site's name with it is not */
    title_case("<title>Best electric cars on sale in 2026 | Motor Weekly</title>",
               "<p><font size=\"5\"><b>The best electric cars on sale right now in 2026</b></font></p>",
               "The best electric cars on sale right now in 2026");
    expect_page_field("<html><head><title>Technology | The Guardian</title></head><body><p><b>Support the Guardian "
                      "today</b></p><p>A paragraph of body text that is long enough to count as the article, with "
                      "several clauses, commas, and a full stop at the end of it.</p></body></html>",
                      "https://www.theguardian.com/technology", "title", "Technology");
    /* and one whose <title> words it otherwise: on a dated story, its
     * first bold or large line of its own (not a link's) that shares a
     * word with the <title> */
    title_case("<title>Best Electric Cars 2026 | Motor Weekly</title>",
               "<p><font size=\"5\"><b>Want a good EV? Here are the 20 best electric cars on sale right now</b></font>"
               "</p><p>Published March 1, 2025</p>",
               "Want a good EV? Here are the 20 best electric cars on sale right now");
    title_case("<title>Best Electric Cars 2026 | Motor Weekly</title>",
               "<p><a href=\"/ev\"><b>See all our electric cars stories</b></a></p><p>Published March 1, 2025</p>",
               "Best Electric Cars 2026");
    /* a story dated by the date it shows (an older page declares none),
     * its headline above the story's text; a heading deep in the text is
     * a section's */
    title_case("<title>Best Electric Cars 2026 | Motor Weekly</title>",
               "<h1>Want a good EV? Here are the 20 best electric cars on sale right now</h1><p>March 1, 2025</p>",
               "Want a good EV? Here are the 20 best electric cars on sale right now");
    {
        struct nw_buf deep = {0};
        nw_buf_puts(&deep, "<html><head><title>Best Electric Cars 2026 | Motor Weekly</title></head><body>");
        numbered(&deep, 70, "<p>The storm closed the old bridge and the ferry in the night %d times.</p>");
        nw_buf_puts(&deep, "<h1>But what they love is the electric cars' quiet and torque</h1><p>March 1, 2025</p>"
                           "</body></html>");
        struct nw_err err = {0};
        json_t *o = article_extract(deep.data, deep.len, "https://example.org/a", NULL, &err);
        assert_string_equal(nw_json_str(o, "title"), "Best Electric Cars 2026");
        json_decref(o);
        nw_buf_cleanup(&deep);
    }
    /* the host's name before a colon, on a dated story's page (the page
     * is https://example.org/a); a topic before a colon stays, and so
     * does the host written as one before a separator on a page that is
     * no dated story (a brand's own title), whole */
    title_case(DATED "<title>Example: Storm closes the harbour bridge</title>", "", "Storm closes the harbour bridge");
    title_case(DATED "<title>Bridges: what the storm did to the harbour</title>", "",
               "Bridges: what the storm did to the harbour");
    /* a product named from the host is no site's name ("Docker Hardened
     * Images: ..." on www.docker.com) */
    title_case(DATED "<title>Example Storm Shelters: Tested by the harbour's engineers</title>", "",
               "Example Storm Shelters: Tested by the harbour's engineers");
    title_case("<title>Example: Storm closes the harbour bridge</title>", "",
               "Example: Storm closes the harbour bridge");
    title_case("<title>example.org - Storm closes the harbour bridge</title>", "",
               "example.org - Storm closes the harbour bridge");
    title_case(DATED "<title>example.org - Storm closes the harbour bridge</title>", "",
               "Storm closes the harbour bridge");
    /* the site named by its host, then a breadcrumb's section */
    title_case(DATED "<title>Example \xC2\xBB Local News \xC2\xBB Storm closes the harbour bridge</title>", "",
               "Storm closes the harbour bridge");
    /* and a section before it, or its tagline after it */
    title_case(DATED "<title>Storm closes the harbour bridge | Local News | Example</title>", "",
               "Storm closes the harbour bridge");
    title_case(DATED "<title>Storm closes the harbour bridge | Example | News, sport and weather</title>", "",
               "Storm closes the harbour bridge");
#undef DATED
    /* no-break spaces around the <title>'s separator */
    title_case("<title>Learn the basics of web development&nbsp;|&nbsp;Docs</title>", "",
               "Learn the basics of web development");
    /* an end two titles of the page share after different headlines is
     * the template's; one they share after versions of one headline, or
     * one as long as the headline, is not */
    title_case("<title>The full impact of meditation on body and mind | Opinion</title>"
               "<meta property=\"og:title\" content=\"How meditation rewires brains and health | Opinion\">",
               "<h1>How meditation rewires brains and health | Opinion</h1>",
               "How meditation rewires brains and health");
    title_case("<title>Player - Squad 2024 - 2025 | The Forum</title>"
               "<meta property=\"og:title\" content=\"Player - Squad 2024 - 2025\">",
               "<h1>Player&nbsp;Squad 2024 - 2025</h1>", "Player Squad 2024 - 2025");
    title_case("<title>Git - Branches in a Nutshell</title>", "<h1>3.1 Git Branching - Branches in a Nutshell</h1>",
               "3.1 Git Branching - Branches in a Nutshell");
    /* references left in a text meant as plain: JSON-LD strings written
     * with HTML's, a value escaped twice; the numbers 128-159 as
     * windows-1252's; what is no reference stays */
    title_case("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Tom &amp; "
               "Jerry&#8217;s Day &#8211; Part&nbsp;2\"}</script>",
               "",
               "Tom & Jerry\xE2\x80\x99s Day \xE2\x80\x93 Part\xC2\xA0"
               "2");
    title_case("<meta property=\"og:title\" content=\"It&amp;#146;s &amp;lt;b&amp;gt; AT&amp;amp;T\">", "",
               "It\xE2\x80\x99s <b> AT&T");
    title_case("<title>Fish &amp;chips &amp;#xD800; &amp;#; R&amp;D &amp;bogus;</title>", "",
               "Fish &chips &#xD800; &#; R&D &bogus;");
    title_case("", "<h1>One</h1><h1>Two</h1>", NULL);
    /* the headline as the page shows it, when the declared title is a
     * version of it: its wording, quotes and all */
    title_case("<title>Spiced Honey Pear Jam Recipe | Cook's Corner</title>"
               "<meta property=\"og:title\" content=\"Spiced Honey Pear Jam Recipe\">",
               "<h1>Homemade Spiced Honey Pear Jam for the Holidays</h1>",
               "Homemade Spiced Honey Pear Jam for the Holidays");
    title_case("<title>'We had some issues,' exec says on Disney+ glitches</title>",
               "<h1>\xE2\x80\x98We had some issues,\xE2\x80\x99 exec says on Disney+ glitches</h1>",
               "\xE2\x80\x98We had some issues,\xE2\x80\x99 exec says on Disney+ glitches");
    /* a label the <h1> sets before the headline the declared title gives
     * alone is not the title; one the declared title has, or a number, is */
    title_case("<title>Best Walking Trails in the County | Trail Club</title>",
               "<h1><strong>Blog:</strong> Best Walking Trails in the County</h1>",
               "Best Walking Trails in the County");
    title_case("<title>Analysis: Storm closes the old bridge</title>", "<h1>Analysis: Storm closes the old bridge</h1>",
               "Analysis: Storm closes the old bridge");
    title_case("<title>The year in review | The Daily</title>", "<h1>2025: The year in review</h1>",
               "2025: The year in review");
    /* of several <h1>s, the one that is a version of the declared title */
    title_case("<title>Storm closes bridge - The Daily</title>",
               "<h1>The Daily</h1><h1>Storm closes the old bridge</h1>", "Storm closes the old bridge");
    /* not a heading that is another text ("Latest news" over the story) */
    title_case("<title>Storm closes the old bridge over the river</title>", "<h1>Latest news</h1>",
               "Storm closes the old bridge over the river");
    /* a curly apostrophe is the apostrophe of the declared title */
    title_case("<title>The Beginner's Guide to Gym Equipment: Everything You Need to Know - Urge Fitness | "
               "Affordable 24/7 Gyms Near Me in</title>",
               "<h1>The Beginner\xE2\x80\x99s Guide to Gym Equipment: Everything You Need to Know</h1>",
               "The Beginner\xE2\x80\x99s Guide to Gym Equipment: Everything You Need to Know");
    /* the site's name in the <h1> too */
    title_case("<title>Critics choice: the best exhibitions of 2025 - Artlyst</title>"
               "<meta property=\"og:site_name\" content=\"Artlyst\">",
               "<h1>Critics choice: the best exhibitions of 2025 \xE2\x80\x93 Artlyst</h1>",
               "Critics choice: the best exhibitions of 2025");
    /* the date a <time> in the heading shows is not the headline */
    title_case("<title>Preparing a transition in Debusine | Blog</title>",
               "<h1><a href=\"/p\"><time datetime=\"2025-12-18\">Dec 18 2025</time> Preparing a transition in "
               "Debusine</a></h1>",
               "Preparing a transition in Debusine");
    /* a permalink's glyph is no part of the heading; "C#" keeps its "#" */
    title_case("<title>Logging HOWTO \xE2\x80\x94 Python 3.14 documentation</title>",
               "<h1>Logging HOWTO<a class=\"headerlink\" href=\"#logging-howto\">\xC2\xB6</a></h1>", "Logging HOWTO");
    title_case("<title>Charges | API Reference</title>", "<h1>Charges <a href=\"#charges\">#</a></h1>", "Charges");
    title_case("<title>Learn C# in a week</title>", "<h1>Learn C# in a week</h1>", "Learn C# in a week");
    title_case("<title>Why we love C#</title>", "<h1>Why we love C#</h1>", "Why we love C#");
    /* separators without blanks around the site's name, as Chinese and
     * Japanese sites set them; a breadcrumb's sections */
    title_case("<title>\xE5\x9B\xBD\xE5\x8A\xA1\xE9\x99\xA2\xE5\x8A\xA0\xE5\xA4\xA7\xE9\x87\x91\xE8\x9E\x8D\xE6\x94\xAF\xE6\x8C\x81_"
               "\xE8\xB4\xA2\xE7\xBB\x8F_\xE6\x96\xB0\xE6\xB5\xAA\xE7\xBD\x91</title>"
               "<meta property=\"og:site_name\" content=\"\xE6\x96\xB0\xE6\xB5\xAA\xE7\xBD\x91\">",
               "", "\xE5\x9B\xBD\xE5\x8A\xA1\xE9\x99\xA2\xE5\x8A\xA0\xE5\xA4\xA7\xE9\x87\x91\xE8\x9E\x8D\xE6\x94\xAF\xE6\x8C\x81");
    title_case("<title>Storm closes the old bridge\xEF\xBD\x9CThe Daily</title><meta property=\"og:site_name\" "
               "content=\"The Daily\">",
               "", "Storm closes the old bridge");
    title_case("<title>The Daily Example &gt; News &gt; Storm closes the old bridge</title>"
               "<meta property=\"og:site_name\" content=\"The Daily Example\">",
               "", "Storm closes the old bridge");
    title_case("<title>Storm closes the old bridge \xC2\xAB The Daily Example</title>", "",
               "Storm closes the old bridge");
    title_case("<title>snake_case in Python explained</title>", "", "snake_case in Python explained");
    /* a site that declares no name: its address after the title */
    title_case("<title>GAME CHANGER | Example.org</title>", "", "GAME CHANGER");
    title_case("<title>Example.org - Tools for teams</title>", "", "Example.org - Tools for teams");
    /* or its name, spelled as its address is (a name's first words, every
     * word capitalised); before the headline on a story's page only */
    title_case("<title>Storm closes the old bridge | EXAMPLE</title>", "", "Storm closes the old bridge");
    title_case("<title>Storm closes the old bridge | Example Daily News</title>", "", "Storm closes the old bridge");
    title_case("<title>Tim Cook says | Example earnings beat estimates</title>", "",
               "Tim Cook says | Example earnings beat estimates");
    title_case("<title>Example | Storm closes the old bridge</title>"
               "<meta property=\"article:published_time\" content=\"2024-01-02T03:04:05Z\">",
               "", "Storm closes the old bridge");
    title_case("<title>Example | Tools for teams and their work</title>", "",
               "Example | Tools for teams and their work");
    /* a bullet sets the site's name apart too */
    title_case("<title>Healthy Eating Plate \xE2\x80\xA2 The Nutrition Source</title>"
               "<meta property=\"og:site_name\" content=\"The Nutrition Source\">",
               "", "Healthy Eating Plate");
    /* a heading that is the site's name (or its address) is not the
     * headline; the address written as one before the headline is no part
     * of it, a company's name is */
    title_case("<title>Budget Guide To Travel Insurance - Travel With Gabby</title>"
               "<meta property=\"og:site_name\" content=\"Travel With Gabby\">",
               "<h1>Travel With Gabby</h1><h1>Budget Guide To Travel Insurance</h1>",
               "Budget Guide To Travel Insurance");
    title_case("<title>example.org Vibe Coding</title>", "<h1><a href=\"/\">example.org</a></h1>", "Vibe Coding");
    title_case("<title>Example.org Launches Its New Tools</title>", "", "Example.org Launches Its New Tools");
    /* an og:title that neither the <title> nor the heading bears out, where
     * those agree, is a template's; one the <title> holds is not */
    title_case("<title>Paid Time Off Policies: Best Practices | Paycom Blog</title>"
               "<meta property=\"og:title\" content=\"Blog post: visit our blog to learn more\">",
               "<h1>Paid Time-Off Policies: Best Practices and Benefits</h1>",
               "Paid Time-Off Policies: Best Practices and Benefits");
    title_case("<title>Plausible Analytics | Simple, privacy-friendly analytics</title>"
               "<meta property=\"og:title\" content=\"Plausible Analytics\">",
               "<h1>Easy to use and privacy-friendly analytics</h1>", "Plausible Analytics");
    /* a dated story's section before the site's name, and the site's name
     * before a colon, are no part of its title; a home page's or an
     * undated page's short part before the site's name is its own */
#define DATED "<meta property=\"article:published_time\" content=\"2025-01-02T10:00:00Z\">"
    title_case("<title>Storm closes the old bridge - D\xc3\xa9p\xc3\xaa"
               "ches Monde - Le Figaro</title>"
               "<meta property=\"og:site_name\" content=\"Le Figaro\">" DATED,
               "", "Storm closes the old bridge");
    title_case(
        "<title>SFGate: Storm closes the old bridge</title><meta property=\"og:site_name\" content=\"SFGate\">" DATED,
        "", "Storm closes the old bridge");
    title_case("<title>Smart Video Doorbell Cameras | Wired, Wireless | Vivint</title>"
               "<meta property=\"og:site_name\" content=\"Vivint\">",
               "", "Smart Video Doorbell Cameras | Wired, Wireless");
    title_case("<title>Figma: The Collaborative Interface Design Tool</title>"
               "<meta property=\"og:site_name\" content=\"Figma\">",
               "", "Figma: The Collaborative Interface Design Tool");
#undef DATED
    /* a heading in capitals: the letters' case the declared title gives */
    title_case("<title>Weekend Coding Agent | Blog</title>", "<h1>WEEKEND CODING AGENT</h1>", "Weekend Coding Agent");
    title_case("<title>Weekend agent | Blog</title>", "<h1>THE WEEKEND CODING AGENT</h1>", "THE WEEKEND CODING AGENT");
}

/* A byline shown to readers, found by its class, when the metadata name
 * no author; one word there is no evidence. */
static void test_shown_byline(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"<div class=\"post-meta\"><span class=\"author-name\">By\xC2\xA0Jane Doe</span></div>", "Jane Doe"},
        {"<p class=\"byline\">Jane Doe and John Roe, Senior Reporters</p>", "Jane Doe, John Roe"},
        {"<div class=\"author-bio\">Jane Doe writes about cities and weather for us.</div>", NULL},
        {"<span class=\"author\">History</span>", NULL},
        /* no class to say so: "By" and a full name just under the headline */
        {"<div><p>By <a href=\"/a/ann\">Ann Lee</a>, Senior Reporter</p></div>", "Ann Lee"},
        {"<div>Written by <!-- --><a href=\"/team\">Rachael Link, MS, RD</a> on November 14, 2019</div>",
         "Rachael Link"},
        {"<p>By Ann Lee and Tom Roe</p>", "Ann Lee, Tom Roe"},
        {"<p>Par Jean Dupont, envoyé spécial</p>", "Jean Dupont"},
        {"<h2>Explore apps <span>by company stage</span></h2>", NULL},
        {"<p>By Monday the bridge will be closed to all traffic, the council said on Tuesday.</p>", NULL},
        /* an author box: its first text is the name, the biography follows */
        {"<div class=\"blog_author-text\"><div class=\"semibold\">Lauren Vetter</div><p>Lauren Vetter is a "
         "marketing professional who writes about healthcare technology and the tools clinics use.</p></div>",
         "Lauren Vetter"},
        {"<div class=\"author-text\"><h4>About the author</h4><p>Lauren Vetter is a marketing professional who "
         "writes about healthcare technology and the tools clinics use every day.</p></div>",
         NULL},
        /* a veto word counts in the byline word's own class token, or alone:
         * another token's ("has-link-color") says nothing */
        {"<div class=\"wp-block-post-author-name has-link-color\">Shai Shmarel</div>", "Shai Shmarel"},
        {"<div class=\"post-author links\">Shai Shmarel</div>", NULL},
        {"<div class=\"author-link\"><p><a href=\"/u/1\">Youval Meicler</a></p></div>", "Youval Meicler"},
        {"<div class=\"byline byline--has-link\"><p class=\"byline__name\"><a href=\"/p/1\">April Fulton</a></p></div>",
         "April Fulton"},
        {"<div class=\"authors-name\"><a href=\"/u/2\">Zackery Cuevas</a></div>", "Zackery Cuevas"},
        {"<div class=\"author-avatar-name\">Shai Shmarel</div>", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char body[512];
        snprintf(body, sizeof body, "<h1>Storm closes the bridge</h1>%s", cases[i][0]);
        expect_field("<title>Storm closes the bridge</title>", body, "author", cases[i][1]);
    }
    /* a page's or a post's own element is no byline, whatever its classes
     * say ("hide-author", WordPress's "author-ann-lee" on the post) */
    const char *page = "<html><head><title>Storm Closes Bridge</title></head><body class=\"hide-author blog\">"
                       "<p>Live Jobs</p><article class=\"post author-ann-lee\"><h1>Storm Closes Bridge</h1><p>The "
                       "storm closed the old bridge and the ferry in the night, the council said, and both stay "
                       "closed until engineers have looked at them.</p></article></body></html>";
    struct nw_err err = {0};
    json_t *o = article_extract(page, strlen(page), "https://example.org/a", NULL, &err);
    assert_non_null(o);
    assert_null(nw_json_str(o, "author"));
    json_decref(o);
}

/* A list of links that a sentence introduces and the text goes on after
 * is the article's, and so is a round-up's list of links each said
 * something of; the "you might also like" list at its end is not. */
static void test_introduced_lists(void **state)
{
    (void)state;
    const char *prose = "<p>The port to the new platform went well this month, and most of the work is now merged "
                        "upstream after a long review by the maintainers of both projects involved.</p>";
    char page[4096];
    snprintf(page, sizeof page,
             "<html><body><article><h1>Progress report</h1>%s%s"
             "<p>This needed a few changes on the compiler side:</p>"
             "<div class=\"ulist\"><ul><li><a href=\"/pr/1\">Move the library file in a target directory</a></li>"
             "<li><a href=\"/pr/2\">Bootstrap config: library dir</a></li></ul></div>"
             "<p>With those, it is possible to build a native compiler for the platform with very few workarounds, "
             "which is what the next month is for.</p>%s"
             "<p>If you liked this post you might also like:</p>"
             "<ul><li><a href=\"/p/a\">If AI can code, what will engineers do</a></li>"
             "<li><a href=\"/p/b\">Stop vibe coding and start power coding</a></li></ul>"
             "</article></body></html>",
             prose, prose, prose);
    expect_text(page, strlen(page), "https://example.org/report",
                HAS("Move the library file in a target directory", "Bootstrap config"), LACKS("Stop vibe coding"));
    /* a post that rounds up links, each said something of, is its list;
     * a list of titles to go to after it is not */
    struct nw_buf b = {0};
    nw_buf_puts(&b, "<html><body><main><article><h1>Weekly links: storms and bridges</h1>"
                    "<p>Here are the links I read this week.</p><ul>");
    for (int i = 0; i < 8; i++)
        nw_buf_printf(&b,
                      "<li><a href=\"https://site%d.example/post\">An interesting article number %d about storms</a> - "
                      "a short note on why this one matters</li>",
                      i, i);
    nw_buf_puts(&b, "</ul><p>See you next week.</p><ul>");
    for (int i = 0; i < 8; i++)
        nw_buf_printf(&b, "<li><a href=\"/p/%d\">Older post number %d</a> May %d</li>", i, i, i + 1);
    nw_buf_puts(&b, "</ul></article></main></body></html>");
    expect_text(b.data, b.len, "https://example.org/links",
                HAS("An interesting article number 0 about storms - a short note on why this one matters",
                    "An interesting article number 7 about storms"),
                LACKS("Older post"));
    nw_buf_cleanup(&b);
}

/* A list in the article whose items are mostly their links' words but
 * say something more (a source's name, a telephone number) is the
 * article's: further reading, a directory; links and no more, a menu,
 * are not (nor dated links, older posts: test_introduced_lists). */
static void test_lists_of_sources(void **state)
{
    (void)state;
    struct nw_buf b = {0};
    nw_buf_puts(&b, "<html><body><article><h1>How search engines rank pages</h1>");
    numbered(&b, 4,
             "<p>Paragraph %d: search engines read a page's words, its links and how fast it loads, and each "
             "weighs them its own way, which no one outside knows in full.</p>");
    nw_buf_puts(&b, "<h2>Further reading</h2><ul>"
                    "<li><a href=\"https://moz.example/seo\">What is search engine optimisation?</a> - Moz</li>"
                    "<li><a href=\"https://g.example/start\">Search engine optimisation starter guide</a> - Google</li>"
                    "<li><a href=\"https://g.example/how\">Advanced: how search works</a> - Google</li>"
                    "<li><a href=\"https://b.example/guide\">Webmaster guidelines</a> - Bing</li>"
                    "<li><a href=\"https://u.example/urls\">Selecting great addresses for pages</a> - Tech "
                    "University</li>"
                    "<li><a href=\"https://u.example/terms\">Digital marketing terms and definitions</a> - Tech "
                    "University</li></ul>"
                    "<div><a href=\"/seo\">SEO</a> <a href=\"/ads\">Ads</a> <a href=\"/web\">Web design</a> "
                    "<a href=\"/mail\">E-mail marketing</a> <a href=\"/local\">Local search</a></div>"
                    "</article></body></html>");
    expect_text(b.data, b.len, "https://e.example/ranking",
                HAS("What is search engine optimisation? - Moz", "Webmaster guidelines - Bing"),
                LACKS("E-mail marketing"));
    /* older posts, their dates in another language's words */
    b.len = 0;
    nw_buf_puts(&b, "<html><body><article><h1>Le classement des pages</h1>");
    numbered(&b, 4,
             "<p>Paragraphe %d : les moteurs de recherche lisent les mots d'une page, ses liens et sa vitesse, "
             "et chacun les pèse à sa façon, que personne au dehors ne connaît en entier.</p>");
    nw_buf_puts(&b, "<ul>");
    for (int i = 1; i <= 6; i++)
        nw_buf_printf(&b,
                      "<li><a href=\"/p/%d\">Article plus ancien num\xC3\xA9ro %d</a> %d d\xC3\xA9"
                      "cembre</li>",
                      i, i, i);
    nw_buf_puts(&b, "</ul></article></body></html>");
    expect_text(b.data, b.len, "https://e.example/classement", HAS("Paragraphe 3"), LACKS("Article plus ancien"));
    nw_buf_cleanup(&b);
}

/* Paragraphs written as text and blank lines (<br><br>): a line set
 * apart as a paragraph that is mostly a link ("Read the full review",
 * "Read more: ...") goes as such a <p> does; lines parted by one <br> (a
 * checklist, a post's lines) and a name with its address stay. */
static void test_link_lines(void **state)
{
    (void)state;
    struct nw_buf b = {0};
    nw_buf_puts(&b, "<html><body><div class=\"story\"><h1>The best electric cars</h1>");
    for (int i = 0; i < 4; i++)
        nw_buf_printf(&b,
                      "<h2>Car %d</h2>Car %d is refined, interesting and spacious, and it makes the crossovers that "
                      "dominate our roads look cramped and the rest of its class look overpriced.<br><br>"
                      "<a href=\"/review/%d\">Read the full car %d review</a><br><br>\n"
                      "<a href=\"https://deals.example/%d\">Compare deals on car %d</a><br><br>Read more: <a "
                      "href=\"/news/%d\">Car %d wins the family car of the year award</a><br><br>",
                      i, i, i, i, i, i, i, i);
    nw_buf_puts(&b, "What to pack:<br><a href=\"/bivy\">Bivy sack</a><br>Ground tarp<br><a href=\"/bag\">Sleeping "
                    "bag</a><br><br>Ann Lee <a href=\"mailto:ann.lee@example.org\">ann.lee@example.org</a><br><br>"
                    "That is all for this year, and the list will be back in the spring.</div></body></html>");
    expect_text(b.data, b.len, "https://e.example/cars",
                HAS("Car 3 is refined", "Bivy sack", "Sleeping bag", "Ann Lee ann.lee@example.org"),
                LACKS("Read the full car", "Compare deals", "Read more"));
    nw_buf_cleanup(&b);
}

/* Headings that end the body head nothing that was taken (a related
 * posts box, a reading list): dropped, up to three, when text comes
 * before them; a heading that is a sentence, or one with text after it,
 * stays. */
static void test_trailing_headings(void **state)
{
    (void)state;
    const char *prose = "<p>The harbour reopened on Tuesday after three weeks of repairs, the port authority said, "
                        "and the first ships were expected to dock by the evening while crews finished the quays.</p>";
    static const struct {
        const char *tail, *kept, *gone;
    } cases[] = {
        {"<h3>Related Articles:</h3><ul><li><a href=\"/a\">One</a></li><li><a href=\"/b\">Two</a></li>"
         "<li><a href=\"/c\">Three</a></li></ul>",
         NULL, "Related Articles"},
        {"<div class=\"box\"><h2>Read more</h2><div><h4>  </h4></div></div><h5>Share this</h5>", NULL, "Read more"},
        {"<section><h2>What others are reading</h2></section>", NULL, "What others"},
        {"<h4>Want to talk it over? Call the harbour office on weekdays.</h4>", "Call the harbour office", NULL},
        {"<h2>The quays</h2><p>Crews finished the last of them on Friday, a day early, the authority said.</p>",
         "The quays", NULL},
        {"<h2>One</h2><h2>Two</h2><h2>Three</h2><h2>Four</h2>", "Four", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char page[4096];
        snprintf(page, sizeof page, "<html><body><article><h1>Harbour reopens</h1>%s%s%s%s</article></body></html>",
                 prose, prose, prose, cases[i].tail);
        struct nw_err err = {0};
        json_t *o = article_extract(page, strlen(page), "https://example.org/harbour", NULL, &err);
        assert_non_null(o);
        const char *t = nw_json_str(o, "text");
        assert_non_null(strstr(t, "finished the quays."));
        if (cases[i].kept)
            assert_non_null(strstr(t, cases[i].kept));
        if (cases[i].gone) {
            assert_null(strstr(t, cases[i].gone));
            assert_null(strstr(t, "Share this"));
        }
        json_decref(o);
    }
    /* a body that is only headings keeps them */
    const char *only = "<html><body><main><h2>Opening hours</h2><h3>Monday to Friday, nine to five</h3></main>"
                       "</body></html>";
    expect_text(only, strlen(only), "https://example.org/hours", HAS("nine to five"), NULL);
}

/* A box asking for an e-mail address (a newsletter's sign-up) goes with
 * its pitch, wherever it is in the body; the text around it stays, and so
 * does a paragraph of more words than a pitch that shares a wrapper with
 * such a field. */
static void test_signup_boxes(void **state)
{
    (void)state;
    const char *prose = "<p>The harbour reopened on Tuesday after three weeks of repairs, the port authority said, "
                        "and the first ships were expected to dock by the evening while crews finished the quays.</p>";
    char page[8192];
    snprintf(page, sizeof page,
             "<html><body><article><h1>Harbour reopens</h1>%s"
             "<div class=\"wp-block-group\"><div><h4>Like what you read?</h4><p>Get the morning briefing in your "
             "inbox.</p><form action=\"/s\"><input type=\"EMAIL\" name=\"e\"><button>Sign me up</button></form>"
             "<p><small>We never share your address.</small></p></div></div>%s%s"
             "<div><p>Tell us what you saw at the quays this week: the authority is collecting accounts from "
             "residents, dock workers and visitors for its report on the repairs, on the ships that waited "
             "offshore for three weeks, and on what the harbour should do before the winter storms come.</p>"
             "<form><input type=\"email\"></form></div>"
             "<section><h3>Join 20,000 readers</h3><form><input type=email><input type=submit value=Go></form>"
             "</section></article></body></html>",
             prose, prose, prose);
    expect_text(page, strlen(page), "https://example.org/harbour",
                HAS("finished the quays.", "collecting accounts from residents"),
                LACKS("Like what you read", "morning briefing", "never share", "20,000 readers"));
    /* a box with its small print (over 40 words) goes whole; it grows to
     * no container of the story's paragraphs, however few words they
     * have, whether the box comes first or among them */
    const char *box = "<div><h3>Get the morning briefing</h3><p>The day's top stories in your inbox.</p><form>"
                      "<input type=\"email\"><button>Sign up</button><div>By signing up, you agree to receive "
                      "recurring automated marketing messages from The Coast Times at the address provided. You "
                      "can unsubscribe at any time using the link in any email. See our Terms of Use and Privacy "
                      "Policy for how we handle your data.</div></form></div>";
    for (int v = 0; v < 4; v++) {
        const char *o = v & 1 ? "<div>" : "<p>", *c = v & 1 ? "</div>" : "</p>";
        snprintf(page, sizeof page,
                 "<html><body><header><a href=\"/\">Home</a></header><div class=\"story\"><h1>Harbour "
                 "reopens</h1>%s%sThe harbour reopened on Tuesday after the storm, and the first ships came in "
                 "before noon with grain and timber from the north.%s%s%sThe harbour master said trade would grow "
                 "now that the new quays could take ships twice the size of those before.%s%sFishermen who had "
                 "waited three weeks with their boats tied up in the river went out again at dawn.%s</div>"
                 "</body></html>",
                 v & 2 ? box : "", o, c, v & 2 ? "" : box, o, c, o, c);
        expect_text(page, strlen(page), "https://example.org/harbour",
                    HAS("grain and timber", "trade would grow", "went out again at dawn"),
                    LACKS("morning briefing", "top stories", "signing up", "Privacy"));
    }
}

/* Paragraphs written as <div>s of the story's paragraph class beside the
 * container with the rest of the story ("Read all") are the story's; a
 * line of another class beside them (a copyright, a call to action) is
 * not. */
static void test_div_paragraphs(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><body><section id=\"body-text\"><div class=\"l-container\">"
                       "<div class=\"zn-body__paragraph speakable\">You shouldn't just believe them.</div>"
                       "<div class=\"zn-body__paragraph\">Remember what we already know about the mayor's plan: "
                       "it was announced twice, and twice withdrawn before the council could vote.</div>"
                       "<div class=\"promo\">Copyright 2025 Example News. All rights reserved, everywhere.</div>"
                       "<div class=\"zn-body__read-all\">");
    numbered(&page, 8,
             "<div class=\"zn-body__paragraph\">Paragraph %d: the council met on Tuesday, and the members "
             "agreed, after a long debate, to repaint the hall before the spring fair.</div>");
    nw_buf_puts(&page, "</div></div></section></body></html>");
    expect_text(page.data, page.len, "https://example.org/story",
                HAS("You shouldn't just believe them.", "announced twice", "Paragraph 7"), LACKS("Copyright"));
    nw_buf_cleanup(&page);
}

/* A page's jump links (its table of contents) are furniture; the sections
 * they lead to, "jump-link-content", are the story. */
static void test_jump_link_sections(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><body><main><h1>Smart thermostats</h1><div class=\"jump-links\"><ul><li><a "
                       "href=\"#a\">Savings</a></li><li><a href=\"#b\">How they work</a></li></ul></div>");
    for (int i = 0; i < 4; i++)
        nw_buf_printf(
            &page,
            "<div class=\"paragraph paragraph--type--jump-link-content\" id=\"s%d\"><h2>Part %d</h2><p>Section "
            "%d: a smart thermostat learns when the house is empty and lowers the heating then, which "
            "saves about a tenth of the bill over a winter.</p></div>",
            i, i, i);
    /* beside them, a box of prose of its own that the page would give
     * otherwise */
    nw_buf_puts(&page, "</main><div class=\"quote-form\"><p>A smart home pro will call you within a day to talk "
                       "about your home, your heating and what a thermostat could save you, and there is no cost "
                       "for the call at all.</p><p>By asking for a quote you agree to be called and texted at the "
                       "number you give us, for offers and news about our products, and you may stop at any "
                       "time.</p></div></body></html>");
    expect_text(page.data, page.len, "https://example.org/thermostats",
                HAS("Section 3: a smart thermostat", "Section 0: a smart", "Section 2: a smart"),
                LACKS("How they work"));
    nw_buf_cleanup(&page);
}

/* A story's paragraph, numbered by `numbered`: the harbour story the
 * tests of a story's end and furniture are written around. */
#define HARBOUR_PARAGRAPH                                                                                              \
    "<p>Paragraph %d: the first ships were expected to dock by the evening while crews finished the quays, and the "   \
    "ferry company said its boats would run again from Thursday.</p>"

/* page: head, n harbour paragraphs, tail (the buffer emptied first). */
static void harbour_story(struct nw_buf *page, const char *head, int n, const char *tail)
{
    nw_buf_reset(page);
    nw_buf_puts(page, head);
    numbered(page, n, HARBOUR_PARAGRAPH);
    nw_buf_puts(page, tail);
}

/* An author box at the article's end (a heading, the name, a biography,
 * a link to the author's page) is no part of the story; a block near the
 * top that links to an author's page (the byline with the lead) is. */
static void test_author_box(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><body><article><h1>Harbour reopens</h1><div class=\"intro\"><p>By <a "
                       "href=\"/authors/jane-roe\">Jane Roe</a></p><p>The harbour reopened on Tuesday after three "
                       "weeks of repairs, the port authority said on the quays.</p></div>");
    numbered(&page, 8, HARBOUR_PARAGRAPH);
    nw_buf_puts(&page, "<div class=\"box\"><h3>About the author</h3><div><img src=\"j.jpg\"><p><b>Jane Roe</b> "
                       "covers the port and the city's transport for the paper, and has lived by the harbour for "
                       "twenty years.</p><a href=\"/authors/jane-roe\">View all posts by Jane Roe</a></div></div>"
                       "</article></body></html>");
    expect_text(page.data, page.len, "https://example.org/harbour",
                HAS("The harbour reopened on Tuesday", "Paragraph 7"),
                LACKS("About the author", "twenty years", "View all posts"));
    nw_buf_cleanup(&page);
}

/* Web components: an element HTML does not know (a custom element such
 * as Google's <c-wiz>, a framework's <app>) that holds blocks is a
 * container, as a <div> would be; one holding a few words is inline. A
 * page whose parts are custom elements in one wrapper <div> gives its story
 * as it does without the wrapper: the <div> (of no block children of HTML's
 * own) was read as one paragraph of the whole page, menus and all. */
static void test_custom_elements(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    for (int wrapped = 0; wrapped < 2; wrapped++) {
        nw_buf_reset(&page);
        nw_buf_puts(&page, wrapped ? "<html><body><div>" : "<html><body>");
        nw_buf_puts(&page, "<c-wiz><div><h1>Harbour reopens</h1>");
        numbered(&page, 8, HARBOUR_PARAGRAPH);
        nw_buf_puts(&page, "</div></c-wiz><c-wiz><div class=\"xq\">");
        numbered(&page, 6,
                 "<div><h3>Offer %d</h3><p>Tools for shops of every size, from one store to thousands.</p></div>");
        nw_buf_puts(&page, wrapped ? "</div></c-wiz></div></body></html>" : "</div></c-wiz></body></html>");
        expect_text(page.data, page.len, "https://example.org/harbour",
                    HAS("Paragraph 0: the first ships", "Paragraph 7"), LACKS("Offer 1", "Tools for shops"));
    }
    /* an application's tree of its own names, custom or not, right under
     * <body>; a footnote's mark and a time in custom elements of a few
     * words stay in their sentences */
    nw_buf_reset(&page);
    nw_buf_puts(&page, "<html><body><app-root><app><navbar><header><ul><li><a href=\"/a\">Home</a></li><li><a "
                       "href=\"/b\">World</a></li></ul></header></navbar><stream><div class=\"article-body\"><h1>"
                       "Harbour reopens</h1><p>The harbour reopened <relative-time>on Tuesday</relative-time> after "
                       "three weeks of repairs, the port authority said <cite-ref><a href=\"#r1\">(1)</a></cite-ref>."
                       "</p>");
    numbered(&page, 8, HARBOUR_PARAGRAPH);
    nw_buf_puts(&page, "</div></stream><offers><div class=\"xq\">");
    numbered(&page, 6,
             "<div><h3>Offer %d</h3><p>Tools for shops of every size, from one store to thousands.</p></div>");
    nw_buf_puts(&page, "</div></offers></app></app-root></body></html>");
    expect_text(page.data, page.len, "https://example.org/harbour",
                HAS("reopened on Tuesday after", "authority said (1).", "Paragraph 7"), LACKS("World", "Offer 1"));
    nw_buf_cleanup(&page);
}

/* AMP pages: an ad (its fallback's words too), a consent banner and
 * share buttons are no text of the story; what layout="nodisplay" hides
 * (a sidebar, a lightbox until it is opened) is not shown; an accordion's
 * sections and the images are the story's as elsewhere. */
static void test_amp_components(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<!doctype html><html amp lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour reopens"
                       "</title></head><body><article><h1>Harbour reopens</h1><amp-img src=\"a.jpg\" width=\"600\" "
                       "height=\"400\" layout=\"responsive\"></amp-img>");
    numbered(&page, 3, HARBOUR_PARAGRAPH);
    nw_buf_puts(&page, "<amp-ad width=\"300\" height=\"250\" type=\"doubleclick\"><div fallback><p>The best deals on "
                       "boats and holidays this season, book your cabin now and save.</p></div></amp-ad>"
                       "<amp-user-notification id=\"c\" layout=\"nodisplay\"><p>We use cookies to give you the best "
                       "experience on our site, and to show you offers you may like.</p></amp-user-notification>"
                       "<amp-lightbox id=\"g\" layout=\"nodisplay\"><p>Gallery: the quays at night, the cranes and "
                       "the lock gates, in twelve pictures by our photographers.</p></amp-lightbox>"
                       "<amp-accordion><section><h2>What was repaired</h2><p>The north quay, the lock gates and two "
                       "of the cranes, at a cost the authority put at four million euros.</p></section>"
                       "</amp-accordion>");
    numbered(&page, 3, HARBOUR_PARAGRAPH);
    nw_buf_puts(&page, "<amp-social-share type=\"email\"><span>Share by e-mail with a friend or a colleague who "
                       "follows the port's news</span></amp-social-share></article></body></html>");
    expect_text(page.data, page.len, "https://example.org/harbour",
                HAS("Paragraph 0: the first ships", "Paragraph 2", "four million euros"),
                LACKS("best deals", "We use cookies", "Gallery:", "Share by e-mail"));
    nw_buf_cleanup(&page);
}

/* A landmark written as a role is what its element is: a "<div
 * role=complementary>" of related prose beside the story goes as an
 * <aside> does (it was kept when it held over four tenths of the page's
 * words, where an <aside> goes below six), and so do role=navigation and
 * role=contentinfo. */
static void test_landmark_roles(void **state)
{
    (void)state;
    static const char *const opens[] = {"<aside>", "<div role=\"complementary\">", "<div role=\"navigation\">",
                                        "<div role=\"contentinfo\">"};
    struct nw_buf page = {0};
    for (size_t i = 0; i < sizeof opens / sizeof *opens; i++) {
        harbour_story(&page, "<html><body><div class=\"page\"><div class=\"story\"><h1>Harbour reopens</h1>", 8,
                      "</div>");
        nw_buf_puts(&page, opens[i]);
        numbered(&page, 6,
                 "<p>Related %d: the old lighthouse, the museum of the fleet and the fish market, which draws "
                 "crowds every weekend of the summer, are a short walk away.</p>");
        nw_buf_puts(&page, i ? "</div></div></body></html>" : "</aside></div></body></html>");
        expect_text(page.data, page.len, "https://example.org/harbour",
                    HAS("Paragraph 0: the first ships", "Paragraph 7"), LACKS("Related 1"));
    }
    nw_buf_cleanup(&page);
}

/* A <div> that says by its role what HTML has an element for is that
 * element: role=heading of aria-level 1 is the headline (metadata, not
 * body text), one after the story that heads nothing is dropped as a
 * trailing <h3> is; role=list and listitem make a list, whose links are
 * judged as a list's. */
static void test_role_elements(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    harbour_story(&page,
                  "<html><head><title>Harbour reopens | Example News</title></head><body><div class=\"story\">"
                  "<div role=\"heading\" aria-level=\"1\">Harbour reopens</div>",
                  8, "<div role=\"heading\" aria-level=\"3\">More from the port</div></div></body></html>");
    expect_text(page.data, page.len, "https://example.org/harbour", HAS("Paragraph 0: the first ships", "Paragraph 7"),
                LACKS("Harbour reopens", "More from the port"));
    nw_buf_cleanup(&page);
    /* its aria-level read (the page's own words for it, as an <h1>'s,
     * without the <title>'s " on Example") */
    expect_field("<title>Harbour reopens on Example</title>",
                 "<div role=\"heading\" aria-level=\"1\">Harbour reopens</div>", "title", "Harbour reopens");
}

/* A paywall's prompt is furniture; a story's container named for the
 * paywall it sits behind is the story, and so is the part of a story
 * behind it (a weak word: only what has little prose goes). */
static void test_paywall_prompt(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    harbour_story(&page, "<html><body><article class=\"ArticlePage-content paywall\"><h1>Harbour reopens</h1>", 3, "");
    nw_buf_puts(&page, "<div class=\"paywall-cta\"><h3>Subscribe to continue reading</h3><p>Get unlimited access "
                       "to all our journalism for just $1 a week. Cancel anytime. Already a subscriber? Log in to "
                       "keep reading this story and all others.</p>"
                       "<a href=\"/subscribe\">Subscribe now</a></div></article></body></html>");
    expect_text(page.data, page.len, NULL, HAS("Paragraph 0", "Paragraph 2"),
                LACKS("continue reading", "unlimited access"));
    struct nw_buf nav = {0};
    nw_buf_puts(&nav, "<html><body><nav>");
    numbered(&nav, 40, "<a href=\"/s%d\">Section of the site</a> ");
    nw_buf_puts(&nav, "</nav><article><h1>Harbour reopens</h1>");
    harbour_story(&page, nav.data, 8, "<div class=\"paywall\">");
    nw_buf_cleanup(&nav);
    numbered(&page, 3,
             "<p>Locked %d: the harbour master said the new quays could take ships twice the size of "
             "those that used the port before the storm, and trade would grow.</p>");
    nw_buf_puts(&page, "</div></article></body></html>");
    expect_text(page.data, page.len, NULL, HAS("Paragraph 0", "Locked 2"), NULL);
    nw_buf_cleanup(&page);
}

/* "header" in a heading's class names it a heading ("wprm-recipe-header"
 * over a recipe's ingredients): it stays; on other elements it is a
 * weak word of page furniture still. */
static void test_heading_named_header(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    harbour_story(&page,
                  "<html><body><div class=\"site-header\"><span>The Harbour Gazette</span> <span>Est. 1882</span>"
                  "</div><article><div class=\"top-header\">Gazette plus: every story for a dollar</div><h1>Harbour "
                  "reopens</h1>",
                  3,
                  "<h3 class=\"recipe-header\">Ingredients of the harbour cake</h3><ul><li>225 g butter, softened, "
                  "from the dairy by the quays</li><li>225 g caster sugar and four eggs from the farm</li></ul>"
                  "</article></body></html>");
    expect_text(page.data, page.len, "https://example.org/harbour",
                HAS("Paragraph 2", "Ingredients of the harbour cake", "225 g butter"),
                LACKS("Est. 1882", "every story for a dollar"));
    nw_buf_cleanup(&page);
}

/* An FAQ in an accordion: each question is the button that shows its
 * answer, and stays with it (a question, or a heading's button); a
 * button of a control's few words ("Show more") does not. */
static void test_accordion_questions(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    harbour_story(&page, "<html><body><article><h1>Harbour reopens</h1>", 4,
                  "<h2>Questions</h2><div class=\"accordion\"><button aria-expanded=\"false\" aria-controls=\"a1\">"
                  "When does the coast road reopen?</button><div id=\"a1\" hidden><p>Engineers said the road along "
                  "the front stays closed until the spring, when the sea wall is repaired.</p></div>"
                  "<h3><button aria-controls=\"a2\">Fees for moorings this year</button></h3><div id=\"a2\" "
                  "hidden><p>The port authority keeps last year's fees for small boats and raises those of "
                  "ships by a tenth.</p></div><button aria-expanded=\"false\" aria-controls=\"a3\">Show more"
                  "</button><div id=\"a3\" hidden><p>The ferry company said its timetable would be the summer "
                  "one from the first of May.</p></div></div></article></body></html>");
    expect_text(page.data, page.len, "https://example.org/harbour",
                HAS("Paragraph 3", "When does the coast road reopen?", "until the spring",
                    "Fees for moorings this year", "raises those of ships", "summer one"),
                LACKS("Show more"));
    nw_buf_cleanup(&page);
}

/* A page whose story is only in its JSON-LD (rendered by a script): the
 * articleBody's plain text keeps its paragraphs, split at blank lines or,
 * as the lines are long, at each line break; its references are read;
 * an articleBody of HTML is read as HTML. */
static void test_ld_body_paragraphs(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "The harbour reopened on Tuesday after the storm, and the first ships came in before noon with grain "
        "and timber.\\n\\nThe harbour master said trade would grow &amp; the quays could take larger ships "
        "than before.",
        "The harbour reopened on Tuesday after the storm, and the first ships came in before noon with grain "
        "and timber.\\nThe harbour master said trade would grow &amp; the quays could take larger ships "
        "than before.",
        "<p>The harbour reopened on Tuesday after the storm, and the first ships came in before noon with "
        "grain and timber.</p><p>The harbour master said trade would grow &amp; the quays could take larger "
        "ships than before.</p>",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char page[2048];
        snprintf(page, sizeof page,
                 "<html><head><title>Harbour reopens</title><script type=\"application/ld+json\">{\"@type\":"
                 "\"NewsArticle\",\"headline\":\"Harbour reopens\",\"articleBody\":\"%s\"}</script></head>"
                 "<body><main><h1>Harbour reopens</h1><div id=\"app\">Loading</div></main></body></html>",
                 bodies[i]);
        struct nw_err err = {0};
        json_t *o = article_extract(page, strlen(page), "https://example.org/a", NULL, &err);
        assert_non_null(o);
        assert_string_equal(nw_json_str(o, "text"),
                            "The harbour reopened on Tuesday after the storm, and the first ships came in "
                            "before noon with grain and timber.\n\nThe harbour master said trade would grow & "
                            "the quays could take larger ships than before.");
        json_decref(o);
    }
}

/* A note on the author after the story, found by its heading with no
 * link to the author's page: cut when it is short and the story long;
 * kept when it is long (a profile), and before a short story. */
static void test_author_note(void **state)
{
    (void)state;
    static const struct {
        int paragraphs;
        const char *note;
        bool cut;
    } cases[] = {
        {8,
         "<p><strong>About the author:</strong>&nbsp;Jane Roe is a freelance photographer based in the north, "
         "whose work has appeared in several magazines.</p>",
         true},
        {8,
         "<h3>\xc3\x9c"
         "ber den Autor</h3><p>Jane Roe schreibt seit zehn Jahren \xc3\xbc"
         "ber den Hafen.</p>",
         true},
        {8, "<h3>About the authors</h3><p>Jane Roe and Tom Lee cover the harbour.</p>", true},
        {2, "<p>About the author: Jane Roe is a freelance photographer based in the north.</p>", false},
        {8, "<p>About the authority that runs the port: it was founded in 1901, and Jane Roe wrote its history.</p>",
         false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct nw_buf page = {0};
        harbour_story(&page, "<html><body><article><h1>Harbour reopens</h1>", cases[i].paragraphs, cases[i].note);
        nw_buf_puts(&page, "</article></body></html>");
        if (cases[i].cut)
            expect_text(page.data, page.len, NULL, HAS("Paragraph 1"), LACKS("Jane Roe", "Autor", "authors"));
        else
            expect_text(page.data, page.len, NULL, HAS("Paragraph 1", "Jane Roe"), NULL);
        nw_buf_cleanup(&page);
    }
    /* a long note is a profile, not a footnote to the story */
    struct nw_buf page = {0};
    harbour_story(&page, "<html><body><article><h1>Harbour reopens</h1>", 8, "<h2>About the author</h2>");
    numbered(&page, 10,
             "<p>Part %d of her life: Jane Roe grew up by the harbour, worked on the ferries for years, and "
             "wrote about the port.</p>");
    nw_buf_puts(&page, "</article></body></html>");
    expect_text(page.data, page.len, NULL, HAS("Paragraph 1", "Part 5 of her life"), NULL);
    /* an agency the note names is no credit of the story */
    harbour_story(&page, "<html><body><article><h1>Harbour reopens</h1>", 8,
                  "<p>About the author: Jane Roe is a former Reuters correspondent.</p></article></body></html>");
    struct nw_err err = {0};
    json_t *o = article_extract(page.data, page.len, NULL, NULL, &err);
    assert_non_null(o);
    assert_int_equal(json_array_size(json_object_get(o, "agencies")), 0);
    json_decref(o);
    nw_buf_cleanup(&page);
}

/* The byline above the story is metadata, cut from the text like the
 * headline; a sentence that starts with "By" is the story's. */
static void test_byline_not_text(void **state)
{
    (void)state;
    const char *story = "<p>The council closed the old bridge on Tuesday after engineers found cracks in two of "
                        "its piers, and said it would stay closed until repairs are done.</p>";
    static const struct {
        const char *first;
        bool kept;
    } cases[] = {
        {"<p>By Ann Lee | May 3, 2024</p>", false},
        {"<p class=\"byline\">By Ann Lee</p>", false},
        {"<p>By Tuesday, Ann Lee had resigned from the council after a long dispute over the bridge.</p>", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char page[2048];
        snprintf(page, sizeof page,
                 "<html><head><title>Bridge closed</title><meta name=\"author\" content=\"Ann Lee\"></head>"
                 "<body><article><h1>Bridge closed</h1>%s%s%s</article></body></html>",
                 cases[i].first, story, story);
        struct nw_err err = {0};
        json_t *o = article_extract(page, strlen(page), "https://example.org/a", NULL, &err);
        assert_non_null(o);
        const char *t = nw_json_str(o, "text");
        assert_string_equal(nw_json_str(o, "author"), "Ann Lee");
        assert_non_null(strstr(t, "The council closed"));
        if (cases[i].kept != (strstr(t, "Ann Lee") != NULL))
            fail_msg("text of %s: [%s]", cases[i].first, t);
        json_decref(o);
    }
}

/* The article of a page credits one agency, want; the article is
 * returned (the caller frees it). */
static json_t *expect_one_agency(const char *page, const char *want)
{
    struct nw_err err = {0};
    json_t *o = article_extract(page, strlen(page), "https://example.org/a", NULL, &err);
    assert_non_null(o);
    json_t *ag = json_object_get(o, "agencies");
    assert_int_equal(json_array_size(ag), 1);
    assert_string_equal(json_string_value(json_array_get(ag, 0)), want);
    return o;
}

/* A declared author that names no one (an address, an id) leaves the
 * author to the byline the page shows. */
static void test_author_sources(void **state)
{
    (void)state;
    expect_field("<title>Storm</title><meta name=\"author\" content=\"ops@example.com\">",
                 "<h1>Storm</h1><div><span class=\"article__byline\">By Ann Lee</span></div>", "author", "Ann Lee");
    expect_field("<title>Storm</title><meta property=\"article:author\" content=\"262588213843476\">",
                 "<h1>Storm</h1><div><span class=\"article__byline\">By Ann Lee</span></div>", "author", "Ann Lee");
    /* a site's home page shows its stories' bylines, no author of its
     * own (a post numbered in the query is no home page); what it
     * declares still names one */
    char home[1024];
    home_page(home, sizeof home, "", "<div class=\"byline\">By Ann Lee</div>");
    expect_page_field(home, "https://dailyplanet.example/", "author", NULL);
    expect_page_field(home, "https://dailyplanet.example", "author", NULL);
    expect_page_field(home, "https://dailyplanet.example/#top", "author", NULL);
    expect_page_field(home, "https://dailyplanet.example/?p=123", "author", "Ann Lee");
    expect_page_field(home, "https://dailyplanet.example/world/storm", "author", "Ann Lee");
    expect_page_field(home, NULL, "author", "Ann Lee");
    home_page(home, sizeof home, "<meta name=\"author\" content=\"Jo Day\">", "<div class=\"byline\">By Ann Lee</div>");
    expect_page_field(home, "https://dailyplanet.example/", "author", "Jo Day");
    /* a byline of links to the authors' pages with nothing between them
     * (the commas a style sheet's): each link a name */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div class=\"byline\"><a href=\"/author/ann-lee\">Ann Lee</a><a "
                 "href=\"/author/tom-roe\">Tom Roe</a></div>",
                 "author", "Ann Lee, Tom Roe");
    /* "Written by" and a name anywhere in the text, when nothing else
     * names the author; a sentence is no byline */
    char far[2048] = "<h1>Storm</h1>";
    for (int i = 0; i < 8; i++)
        strcat(far, "<p>The storm closed the old bridge and the ferry in the night.</p>");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>Written by John Crenshaw</p>", "author", "John Crenshaw");
    strcat(far, "<div><p>Written by John Crenshaw</p></div>");
    expect_field("<title>Storm</title>", far, "author", "John Crenshaw");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>Written by hand in the old days, the letters</p>", "author",
                 NULL);
    /* "Written by" alone, the names in the elements after it, on its
     * line or the next; least sure of all: any other byline wins */
    strcpy(far + strlen(far) - strlen("<div><p>Written by John Crenshaw</p></div>"),
           "<p>Posted by <a href=\"https://e.org/~jc/\">John Crenshaw</a> on <time>2025-12-18</time> in "
           "<a href=\"/c/storms\">storms</a>. Tags: weather</p>");
    expect_field("<title>Storm</title>", far, "author", "John Crenshaw");
    char far2[2048] = "<h1>Storm</h1>";
    for (int i = 0; i < 8; i++)
        strcat(far2, "<p>The storm closed the old bridge and the ferry in the night.</p>");
    strcat(far2, "<div><strong>Written by</strong><br><a href=\"/p/1\">Ann Lee</a> and <a href=\"/p/2\">Tom Roe</a>"
                 "<br>Released in 2024</div>");
    expect_field("<title>Storm</title>", far2, "author", "Ann Lee, Tom Roe");
    char *div = strstr(far2, "<div>");
    strcpy(div, "<p>Written by <a href=\"/p/1\">Ann Lee</a></p><div><a href=\"/authors/tom-roe\">Tom Roe</a></div>");
    expect_field("<title>Storm</title>", far2, "author", "Tom Roe");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>Written by <a href=\"/p/1\">hand</a> in the old days</p>",
                 "author", NULL);
    /* the words in a block of their own, the name in the next one (an
     * author card's label over the name, an avatar between them); "Article
     * by", and "Author" alone, say it too */
    static const char *const labels[] = {"Written by", "Article by", "Author"};
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        struct nw_buf card = {0};
        nw_buf_puts(&card, "<h1>Storm</h1>");
        for (int k = 0; k < 8; k++)
            nw_buf_puts(&card, "<p>The storm closed the old bridge and the ferry in the night.</p>");
        nw_buf_printf(&card,
                      "<div class=\"card\"><div class=\"label\">%s</div><img src=\"a.jpg\"><div class=\"name\">"
                      "Jack Shepherd</div><div class=\"bio\">Hi! I'm Jack, and I write about the weather.</div></div>",
                      labels[i]);
        expect_field("<title>Storm</title>", card.data, "author", "Jack Shepherd");
        nw_buf_cleanup(&card);
    }
    /* a label followed by loose text, or by no name, names no one */
    expect_field("<title>Storm</title>", "<h1>Storm</h1><div><div>Written by</div>hand, in the old days</div>",
                 "author", NULL);
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><div>Author</div><div>of the month: our readers</div></div>", "author", NULL);
    /* a blog's poster by one name, the time of the post after it, the
     * words maybe on lines of their own; one word with no time is no
     * byline, nor is a generic account */
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>Posted by David at 11:15 AM</p>", "author", "David");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><p>\n\tPosted\n\t\tby\n\t<a href=\"/u/b\">BeauHD</a>\n"
                 "<time>on Friday December 19, 2025 @08:00PM</time></p>",
                 "author", "BeauHD");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>Posted by Morgan in Recipes</p>", "author", NULL);
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>Posted by admin on December 19, 2025</p>", "author", NULL);
    expect_field("<title>Storm</title><meta name=\"author\" content=\"Tom Roe\">",
                 "<h1>Storm</h1><div><span class=\"article__byline\">By Ann Lee</span></div>", "author", "Tom Roe");
    /* the other keys sites give the author under: Dublin Core's terms,
     * cXense's, Open Graph's when it is a name and not a profile's URL */
    expect_field("<title>Storm</title><meta name=\"dcterms.creator\" content=\"Tom Roe\">", "<h1>Storm</h1>", "author",
                 "Tom Roe");
    expect_field("<title>Storm</title><meta property=\"cXenseParse:author\" content=\"Tom Roe\">", "<h1>Storm</h1>",
                 "author", "Tom Roe");
    expect_field("<title>Storm</title><meta property=\"og:author\" content=\"Tom Roe\">", "<h1>Storm</h1>", "author",
                 "Tom Roe");
    expect_field("<title>Storm</title><meta property=\"og:author\" content=\"https://e.org/tom\">", "<h1>Storm</h1>",
                 "author", NULL);
    /* last: a CMS's "Written by" card (the account that posted the page,
     * after the byline shown), a link to the author's own page whose text
     * is that page's name, a rel="author" link in a column beside the
     * headline */
    const char *card = "<title>Storm</title><meta name=\"twitter:label1\" content=\"Written by\">"
                       "<meta name=\"twitter:data1\" content=\"Ann Lee\"><meta name=\"twitter:label2\" "
                       "content=\"Est. reading time\"><meta name=\"twitter:data2\" content=\"4 minutes\">";
    expect_field(card, "<h1>Storm</h1>", "author", "Ann Lee");
    expect_field(card, "<h1>Storm</h1><div><span class=\"article__byline\">By Tom Roe</span></div>", "author",
                 "Tom Roe");
    expect_field("<title>Storm</title><meta name=\"twitter:label1\" content=\"Est. reading time\">"
                 "<meta name=\"twitter:data1\" content=\"Four Minutes\">",
                 "<h1>Storm</h1>", "author", NULL);
    expect_field("<title>Storm</title>", "<h1>Storm</h1><div><a href=\"/blog/authors/ann-lee\">Ann Lee</a></div>",
                 "author", "Ann Lee");
    /* an author's page that names the author by one word: a pen name */
    expect_field("<title>Storm</title>", "<h1>Storm</h1><div><a href=\"/blog/author/yucy/\">Yucy</a></div>", "author",
                 "Yucy");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><div><a href=\"/blog/author/admin/\">admin</a></div>", "author",
                 NULL);
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><a href=\"https://e.org/author/ann_lee/\" aria-label=\"Ann Lee\">"
                 "<img src=\"a.png\" alt=\"\"></a></div>",
                 "author", "Ann Lee");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><div><a href=\"/author/ann-lee\">More Stories</a></div>",
                 "author", NULL);
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><strong><a href=\"/authors/ann-lee\">Ann Lee</a></strong>, editor<br>"
                 "<strong><a href=\"/authors/tom-roe\">Tom Roe</a></strong>, reporter</div>"
                 "<div><a href=\"/authors/kim-poe\">Kim Poe</a></div>",
                 "author", "Ann Lee, Tom Roe");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><div><a href=\"/members/ann-lee\">Ann Lee</a></div>", "author",
                 NULL);
    /* an author box's picture or media part is no byline (its text is a
     * caption or a link's label) */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div class=\"author-overview__media\"><img src=\"a.jpg\"><span>Tom Roe</span></div>"
                 "<p>By Ann Lee</p>",
                 "author", "Ann Lee");
    /* under the headline, "By" and one name (a blog's author by a first
     * name or a handle), in one text or two; not a generic one, nor a
     * word after another language's opener ("Text Size") */
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>By Sarah</p>", "author", "Sarah");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p><span>By</span> <a href=\"/\">jsteinhardt</a></p>", "author",
                 "jsteinhardt");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>By Admin</p>", "author", NULL);
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>Text Size</p>", "author", NULL);
    /* a name and "Author" as its badge in an author card; not a label
     * before a name, nor a badge after a button's words */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><div><h3>Ann Lee</h3><span>Author</span></div><p>@annlee</p></div>", "author",
                 "Ann Lee");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><div><h3>Copy Link</h3><p>Share it</p></div><span>Author</span></div>", "author",
                 NULL);
    /* who updated the story is no author */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><span>By <a href=\"/people/ann-lee/\">Ann Lee</a></span>"
                 "<span class=\"author-name\">Updated by <a href=\"/people/tom-roe/\">Tom Roe</a></span>",
                 "author", "Ann Lee");
    /* a link to someone's profile in a line of its own (the Guardian's
     * "/profile/ann-lee"); not one in a sentence that cites an expert */
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p><a href=\"/profile/ann-lee\">Ann Lee</a></p>", "author",
                 "Ann Lee");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><p>The study weighed the views of many experts, including <a "
                 "href=\"/profile/tom-roe\">Tom Roe</a>, PhD, of the university's school of public health, who "
                 "says the harvests will fall.</p>",
                 "author", NULL);
    /* the slugs blogs make of names: run together, the first name or
     * the surname alone, an initial and a name, an id or a degree after
     * the name, accents left out; a slug that spells no part of the
     * name, or a text that is no name, is not read */
    static const char *const slugs[][3] = {
        {"annlee", "Ann Lee", "Ann Lee"},
        {"ann", "Ann Lee", "Ann Lee"},
        {"lee", "Ann Lee", "Ann Lee"},
        {"alee", "Ann Lee", "Ann Lee"},
        {"annl", "Ann Lee", "Ann Lee"},
        {"ann-lee-tdpn251084", "Ann Lee", "Ann Lee"},
        {"ann-lee-phd", "Ann Lee", "Ann Lee"},
        {"ann-lee.html", "Ann Lee", "Ann Lee"},
        {"peter-stockli",
         "Peter St\xC3\xB6"
         "ckli",
         "Peter St\xC3\xB6"
         "ckli"},
        {"lukasz-nowak", "\xC5\x81ukasz Nowak", "\xC5\x81ukasz Nowak"},
        {"sam-obrien", "Sam O'Brien", "Sam O'Brien"},
        /* no part of the name, or no name */
        {"tom", "Ann Lee", NULL},
        {"al", "Ann Lee", NULL},
        {"ann-lee-smith", "Ann Lee", NULL},
        {"randy", "Learn More About Randy", NULL},
        {"ann-lee", "Ann Lee Tom Roe Kim Poe", NULL},
    };
    for (size_t i = 0; i < sizeof slugs / sizeof *slugs; i++) {
        char body[256];
        snprintf(body, sizeof body, "<h1>Storm</h1><div><a href=\"/author/%s/\">%s</a></div>", slugs[i][0],
                 slugs[i][1]);
        expect_field("<title>Storm</title>", body, "author", slugs[i][2]);
    }
    /* an author card whose link says something else: the name the card
     * shows beside or inside the link, when it reads as the link's page;
     * a folder of the site's own kind of authors ("blog-authors") */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><div><p>Ann Lee</p><p>Tech Writer</p></div>"
                 "<a href=\"/us/blog/authors/ann-lee\">Articles by Ann</a></div>",
                 "author", "Ann Lee");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div class=\"card\"><a href=\"/blog-authors/ann-lee\"><img src=\"a.png\" alt=\"\">"
                 "<div><p>Ann Lee</p><p>| Author</p></div></a><p>Ann Lee runs marathons.</p></div>",
                 "author", "Ann Lee");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><div><p>Tom Roe</p><p>Tech Writer</p></div>"
                 "<a href=\"/authors/ann-lee\">Articles by Ann</a></div>",
                 "author", NULL);
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><p>Ann Lee</p><a href=\"/blog-posts/ann-lee\">Articles by Ann</a></div>", "author",
                 NULL);
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><aside><address><a rel=\"author\" href=\"/profile/ann-lee\">Ann Lee</a>"
                 "</address></aside>",
                 "author", "Ann Lee");
    /* "Written By" and the name in a column of the story's facts beside
     * the headline; not a sidebar's "By" line after the story */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><aside><p>May 25, 2023</p><p>Written By <span>Ann Lee, MD*</span></p></aside>",
                 "author", "Ann Lee");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><aside><p>May 25, 2023</p><p>By Ann Lee</p></aside>", "author",
                 "Ann Lee");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><p>The storm reached the coast on Tuesday night and the wind tore roofs from "
                 "houses in three villages, while the rain flooded the roads to the valley and cut the power to "
                 "thousands of homes; the rivers rose through Wednesday, and by the evening the bridges at both "
                 "ends of the town were closed to traffic as the water kept rising.</p><aside><p>More stories</p>"
                 "<p>By Tom Roe</p></aside>",
                 "author", NULL);
    /* the site's own account (the page is on example.org) gives way to a
     * person any other source names; alone, it stays */
    expect_field("<title>Storm</title><meta name=\"author\" content=\"example\">",
                 "<h1>Storm</h1><div><span class=\"article__byline\">By Ann Lee</span></div>", "author", "Ann Lee");
    expect_field("<title>Storm</title><script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":"
                 "{\"@type\":\"Organization\",\"name\":\"Example\"}}</script>",
                 "<h1>Storm</h1><div><a href=\"/blog/authors/ann-lee\">Ann Lee</a></div>", "author", "Ann Lee");
    expect_field("<title>Storm</title><meta name=\"author\" content=\"example\">", "<h1>Storm</h1>", "author",
                 "example");
    /* a name an element's text before credits for other work */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div>Reviewed by <a class=\"byline__author-link\">Tom Roe</a></div>", "author", NULL);
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div>Written by <a class=\"byline__author-link\">Ann Lee</a></div>", "author",
                 "Ann Lee");
    expect_field("<title>Storm</title><meta name=\"author\" content=\"Example Press\">",
                 "<h1>Storm</h1><div><span class=\"article__byline\">By Ann Lee</span></div>", "author",
                 "Example Press");
    /* a JSON-LD author typed as an organisation (a university, a company)
     * is no writer; a wire agency typed so is credited, a person is named */
    expect_field("<title>Storm</title><script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":"
                 "{\"@type\":\"EducationalOrganization\",\"name\":\"Northern State University\"}}</script>",
                 "<h1>Storm</h1>", "author", NULL);
    expect_field("<title>Storm</title><script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":"
                 "[{\"@type\":\"Corporation\",\"name\":\"Acme Widgets\"},{\"@type\":\"Person\",\"name\":"
                 "\"Ann Lee\"}]}</script>",
                 "<h1>Storm</h1>", "author", "Ann Lee");
    /* an author named by its "@id" in the page's @graph (Yoast's way),
     * and an organisation so named too */
    expect_field("<title>Storm</title><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                 "\"@graph\":[{\"@type\":\"Article\",\"author\":{\"@id\":\"https://e.org/#/schema/person/1\"}},"
                 "{\"@type\":\"WebPage\",\"@id\":\"https://e.org/storm\"},{\"@type\":\"Person\",\"@id\":"
                 "\"https://e.org/#/schema/person/1\",\"name\":\"Ann Lee\"}]}</script>",
                 "<h1>Storm</h1>", "author", "Ann Lee");
    expect_field("<title>Storm</title><script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"Article\","
                 "\"author\":[{\"@id\":\"#org\"}]},{\"@type\":\"Organization\",\"@id\":\"#org\",\"name\":"
                 "\"Acme Widgets\"}]}</script>",
                 "<h1>Storm</h1>", "author", NULL);
    static const char agency[] =
        "<html><head><title>Storm</title><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":"
        "{\"@type\":\"NewsMediaOrganization\",\"name\":\"Agence France-Presse\"}}</script></head><body><main>"
        "<h1>Storm</h1><p>A paragraph of body text that is long enough to count as the article, with several "
        "clauses, commas, and a full stop at the end of it.</p></main></body></html>";
    json_decref(expect_one_agency(agency, "AFP"));
    /* a byline the page shows that credits an agency alone is the
     * story's credit, though it names no one */
    static const char shown[] =
        "<html><head><title>Storm</title></head><body><main><h1>Storm</h1><div class=\"byline\">By The "
        "Associated Press</div><p>A paragraph of body text that is long enough to count as the article, with "
        "several clauses, commas, and a full stop at the end of it.</p></main></body></html>";
    json_t *o = expect_one_agency(shown, "AP");
    assert_null(nw_json_str(o, "author"));
    json_decref(o);
    /* shown as a line under the headline: credited, and no line of the text */
    static const char line[] =
        "<html><head><title>Storm</title></head><body><main><h1>Storm</h1><p>By The Associated Press</p><p>A "
        "paragraph of body text that is long enough to count as the article, with several clauses, commas, and a "
        "full stop at the end of it.</p></main></body></html>";
    o = expect_one_agency(line, "AP");
    assert_null(strstr(nw_json_str(o, "text"), "Associated"));
    json_decref(o);
}

/* A <time> without datetime gives the date it shows; a day stays a day. */
/* Pages built to make work grow with the square of their size: a title of
 * 200,000 parts each compared with the other title sources (10 s), a
 * JSON-LD author list whose names were each searched for an address to
 * the end of the list (100,000 names: 4 s). Each now takes a small fraction of a second. */
static void test_metadata_in_linear_time(void **state)
{
    (void)state;
    struct nw_buf t = {0}, page = {0};
    for (int i = 0; i < 200000; i++)
        nw_buf_puts(&t, "a | ");
    nw_buf_printf(&page, "<html><head><title>%s</title><meta property=\"og:title\" content=\"%s\"></head><body><h1>",
                  t.data, t.data);
    for (int i = 0; i < 200000; i++)
        nw_buf_puts(&page, "b - ");
    nw_buf_puts(&page, "</h1><p>A paragraph of body text that is long enough to count as the article, with several "
                       "clauses, commas, and a full stop at the end of it.</p></body></html>");
    struct nw_err err = {0};
    double t0 = fixture_cpu_seconds();
    json_t *o = article_extract(page.data, page.len, "https://example.org/a", NULL, &err);
    double spent = fixture_cpu_seconds() - t0;
    assert_non_null(o);
    assert_non_null(nw_json_str(o, "title"));
    json_decref(o);
    if (spent > 2.0)
        fail_msg("a page with a title of 200,000 parts took %.1f s", spent);
    /* the author list: four times the names, about four times the time
     * (it was sixteen) */
    double took[2];
    for (int k = 0; k < 2; k++) {
        int names = k ? 100000 : 25000;
        nw_buf_reset(&page);
        nw_buf_puts(&page, "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":[");
        for (int i = 0; i < names; i++)
            nw_buf_printf(&page, "%s{\"name\":\"Writer %d\"}", i ? "," : "", i);
        nw_buf_puts(&page,
                    "]}</script></head><body><h1>A headline</h1><p>A paragraph of body text that is long "
                    "enough to count as the article, with several clauses, commas, and a full stop.</p></body></html>");
        t0 = fixture_cpu_seconds();
        o = article_extract(page.data, page.len, "https://example.org/a", NULL, &err);
        took[k] = fixture_cpu_seconds() - t0;
        assert_non_null(o);
        json_decref(o);
    }
    if (took[1] > 8 * took[0] + 0.05)
        fail_msg("JSON-LD authors: 25,000 took %.2f s, 100,000 %.2f s", took[0], took[1]);
    /* hidden panels looked up among what buttons open: four times the
     * panels and the buttons' lists, about four times the time (it was
     * sixteen) */
    for (int k = 0; k < 2; k++) {
        int panels = k ? 40000 : 10000;
        nw_buf_reset(&page);
        nw_buf_puts(&page, "<html><body><h1>A headline</h1><p>A paragraph of body text that is long enough to "
                           "count as the article, with several clauses, commas, and a full stop.</p>");
        for (int b = 0; b < 100; b++) {
            nw_buf_puts(&page, "<button aria-expanded=\"false\" aria-controls=\"");
            for (int i = 0; i < panels / 10; i++)
                nw_buf_printf(&page, "%sc%d-%d", i ? " " : "", b, i);
            nw_buf_puts(&page, "\">more</button>");
        }
        for (int i = 0; i < panels; i++)
            nw_buf_printf(&page, "<div id=\"p%d\" hidden>x</div>", i);
        nw_buf_puts(&page, "</body></html>");
        t0 = fixture_cpu_seconds();
        o = article_extract(page.data, page.len, "https://example.org/a", NULL, &err);
        took[k] = fixture_cpu_seconds() - t0;
        assert_non_null(o);
        json_decref(o);
    }
    if (took[1] > 8 * took[0] + 0.05)
        fail_msg("hidden panels: 10,000 took %.2f s, 40,000 %.2f s", took[0], took[1]);
    nw_buf_cleanup(&t);
    nw_buf_cleanup(&page);
}

/* A page with a tag of 50,000 attributes, ended or running to the end of
 * the page: libxml2 compared each with those before it (8 s, 5 s); the
 * tag is cut after MAX_TAG_ATTRS of them. */
static void test_crowded_tag_page(void **state)
{
    (void)state;
    for (int ended = 0; ended < 2; ended++) {
        struct nw_buf page = {0};
        nw_buf_puts(&page, "<html><body><h1>A headline</h1><p>A paragraph of body text that is long enough to count "
                           "as the article, with several clauses, commas, and a full stop.</p><p ");
        numbered(&page, 50000, "id%d=\"v\" ");
        if (ended)
            nw_buf_puts(&page, ">The last words.</p></body></html>");
        struct nw_err err = {0};
        double t0 = fixture_cpu_seconds();
        json_t *o = article_extract(page.data, page.len, "https://example.org/a", NULL, &err);
        double spent = fixture_cpu_seconds() - t0;
        assert_non_null(o);
        assert_non_null(strstr(nw_json_str(o, "text"), ended ? "The last words." : "a full stop."));
        json_decref(o);
        nw_buf_cleanup(&page);
        if (spent > 1.0)
            fail_msg("a page with a tag of 50,000 attributes took %.1f s", spent);
    }
}

/* A loose page's own address for replay: its canonical link, else its
 * og:url, http(s) only; in bounded time on a page with a tag of 50,000
 * attributes (it had its own libxml2 parse, uncapped: 7 s). */
static void test_page_url(void **state)
{
    (void)state;
    const char *both = "<html><head><meta property=\"og:url\" content=\"https://example.org/og\">"
                       "<link rel=\"canonical\" href=\"https://example.org/a?b=1#c\"></head><body>x</body></html>";
    char *u = html_page_url(both, strlen(both));
    assert_string_equal(u, "https://example.org/a?b=1");
    free(u);
    const char *og = "<html><head><meta property=\"og:url\" content=\"https://example.org/og\"></head></html>";
    u = html_page_url(og, strlen(og));
    assert_string_equal(u, "https://example.org/og");
    free(u);
    const char *none = "<html><head><link rel=\"canonical\" href=\"ftp://example.org/a\"></head></html>";
    assert_null(html_page_url(none, strlen(none)));
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><link rel=\"canonical\" href=\"https://example.org/c\"></head><body><p ");
    numbered(&page, 50000, "id%d=\"v\" ");
    nw_buf_puts(&page, ">text</p></body></html>");
    double t0 = fixture_cpu_seconds();
    u = html_page_url(page.data, page.len);
    double spent = fixture_cpu_seconds() - t0;
    assert_string_equal(u, "https://example.org/c");
    free(u);
    nw_buf_cleanup(&page);
    if (spent > 1.0)
        fail_msg("the address of a page with a tag of 50,000 attributes took %.1f s", spent);
}

/* What a page claims of its own address, against where it was read: a
 * claim of another site, of no host, in words, or of the site's root for
 * a page below it is not the page's address. */
static void test_page_address(void **state)
{
    (void)state;
    static const struct {
        const char *url, *canonical, *og, *want;
    } cases[] = {
        {"https://www.example.org/a/story?utm_source=x", "/a/story", NULL, "https://www.example.org/a/story"},
        {"https://m.example.org/a/story", "https://www.example.org/a/story", NULL, "https://www.example.org/a/story"},
        {"https://writer.substack.com/p/a", "https://substack.com/home/post/p-1", NULL,
         "https://substack.com/home/post/p-1"},
        /* another site: syndicated copies stay apart */
        {"https://news.example.org/a", "https://www.wire.example/b", NULL, "https://news.example.org/a"},
        {"https://alice.github.io/a", "https://bob.github.io/a", NULL, "https://alice.github.io/a"},
        {"https://www.foxnews.example/a", "https://www.apnews.example/a", NULL, "https://www.foxnews.example/a"},
        /* a template that left the host out ("https:///" reads as host "paths") */
        {"https://www.example.org/paths/17", "https:///paths/17", "https://www.example.org/paths/17",
         "https://www.example.org/paths/17"},
        /* a headline in the tag */
        {"https://www.example.org/blog/wine", "What are the types of wine?", "https://www.example.org/blog/wine/",
         "https://www.example.org/blog/wine/"},
        {"https://www.example.org/blog/wine", " types-of-wine ", NULL, "https://www.example.org/blog/types-of-wine"},
        /* the site's root for a story below it */
        {"https://www.example.org/blog/post/view", "https://www.example.org", NULL,
         "https://www.example.org/blog/post/view"},
        {"https://www.example.org/2026/12/07/story/", "https://www.example.org/",
         "https://www.example.org/2026/12/07/story", "https://www.example.org/2026/12/07/story"},
        {"https://www.example.org/?p=123", "https://www.example.org/", NULL, "https://www.example.org/?p=123"},
        /* ... while the home page is its root */
        {"https://www.example.org/", "https://example.org", NULL, "https://example.org/"},
        {"https://www.example.org/?utm_source=x", "https://www.example.org/", NULL, "https://www.example.org/"},
        {"https://www.example.org/", "https://www.example.org/products/shirt", NULL,
         "https://www.example.org/products/shirt"},
        /* no address known: a claim below the root before the root */
        {NULL, "https://www.example.org/", "https://www.example.org/a/story", "https://www.example.org/a/story"},
        {NULL, "https://www.example.org/", NULL, "https://www.example.org/"},
        {NULL, "https:///a/story", NULL, NULL},
        {"https://www.example.org/a/story", "https:/a/story", NULL, "https://www.example.org/a/story"},
        {NULL, "/a/story", NULL, NULL},
        {NULL, NULL, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = meta_page_address(cases[i].url, cases[i].canonical, cases[i].og);
        if (!cases[i].want != !got || (got && strcmp(got, cases[i].want)))
            fail_msg("case %zu: %s, want %s", i, got ? got : "(none)", cases[i].want ? cases[i].want : "(none)");
        free(got);
    }
    /* through the extractor and replay's reading of a loose page */
    static const char page[] =
        "<html><head><title>Story</title><link rel=\"canonical\" href=\"https://www.example.org/\">"
        "<meta property=\"og:url\" content=\"https://www.example.org/news/story\"></head>"
        "<body><article><h1>Story</h1><p>A story of some words.</p></article></body></html>";
    struct nw_err err = {0};
    json_t *a = article_extract(page, strlen(page), "https://www.example.org/news/story?ref=home", NULL, &err);
    assert_non_null(a);
    assert_string_equal(nw_json_str(a, "url"), "https://www.example.org/news/story");
    json_decref(a);
    char *u = html_page_url(page, strlen(page));
    assert_string_equal(u, "https://www.example.org/news/story");
    free(u);
}

static void test_time_text(void **state)
{
    (void)state;
    /* a date shown just above the headline, with few words between them;
     * not one far above it, nor an update */
    expect_field("<title>Storm</title>", "<div><span>News</span><date>December 19th, 2025</date></div><h1>Storm</h1>",
                 "published", "2025-12-19");
    expect_field("<title>Storm</title>",
                 "<div>Dec 12, 2025</div><p>Our newsletter brings the week's stories, the letters from readers and "
                 "the weather to you every Friday morning</p><h1>Storm</h1>",
                 "published", NULL);
    expect_field("<title>Storm</title>", "<div>Updated Dec 12, 2025</div><h1>Storm</h1>", "published", NULL);
    /* the last date before the headline; twelve words between, each its
     * own text, and not thirteen */
    expect_field("<title>Storm</title>", "<div>Dec 1, 2025</div><div>Dec 12, 2025</div><h1>Storm</h1>", "published",
                 "2025-12-12");
    char above[1024] = "<div>Dec 12, 2025</div>";
    for (int i = 0; i < 12; i++)
        strcat(above, "<span>News</span>");
    expect_field("<title>Storm</title>", strcat(above, "<h1>Storm</h1>"), "published", "2025-12-12");
    snprintf(above, sizeof above, "<div>Dec 12, 2025</div>");
    for (int i = 0; i < 13; i++)
        strcat(above, "<span>News</span>");
    expect_field("<title>Storm</title>", strcat(above, "<h1>Storm</h1>"), "published", NULL);
    /* a date under the headline that says it is an update's is the
     * update's, and the publication's only when no other is shown; a
     * <time> that reads so too */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div class=\"date\">Updated November 11, 2022</div><div>Originally published</div>"
                 "<div>November 9, 2022</div>",
                 "published", "2022-11-09");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><div class=\"date\">Updated November 11, 2022</div>",
                 "published", "2022-11-11");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><time datetime=\"2022-11-11T20:23:00-05:00\"><span>Updated November 11, 2022</span>"
                 " Originally published <span>November 9, 2022</span></time>",
                 "published", "2022-11-09");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><time datetime=\"2022-11-11T20:23:00-05:00\"><span>Updated November 11, 2022</span>"
                 " Originally published <span>November 9, 2022</span></time>",
                 "updated", "2022-11-12T01:23:00Z");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><time datetime=\"2022-11-11T20:23:00-05:00\">Updated November 11, 2022</time>",
                 "published", "2022-11-12T01:23:00Z");
    /* a date in another post's card (a heading that links to it) is
     * that post's */
    expect_field("<title>Storm</title>",
                 "<div class=\"post-card\"><h3><a href=\"/b\">Floods</a></h3><div class=\"meta\"><span "
                 "class=\"post-date\">March 29, 2025</span></div></div><h1>Storm</h1><p>On Behalf of Ann Lee | Apr "
                 "21, 2017 | Weather</p>",
                 "published", "2017-04-21");
    /* a date that says so in words, anywhere: "Published March 9, 2026",
     * or "Published" and the date in the next text; an update said so
     * ("Last updated: ...", or the words and the date in the next text),
     * not one before the publication */
    char lead[2048] = "<h1>Storm</h1>";
    for (int i = 0; i < 8; i++)
        strcat(lead, "<p>The storm closed the old bridge and the ferry in the night.</p>");
    static const char *const said_cases[][3] = {
        {"<div>Published March 9, 2026</div>", "published", "2026-03-09"},
        {"<div><h4>Published</h4><span>July 8, 2025</span></div>", "published", "2025-07-08"},
        {"<div>Posted by Ann Lee in Weather</div>", "published", NULL},
        {"<p>Last updated: November 13, 2025</p>", "updated", "2025-11-13"},
        {"<div><p>Last updated</p><time>Aug 04, 2025</time></div>", "updated", "2025-08-04"},
        {"<div>Published March 9, 2026</div><p>Updated on March 7, 2025</p>", "updated", NULL},
        {"<p>Updated hourly by our newsroom</p>", "updated", NULL},
        {"<div>Originally published March 3, 2020</div>", "published", "2020-03-03"},
        {"<p>First published</p><p>March 3, 2020</p>", "published", "2020-03-03"},
        /* in a column of the post's facts, the only date said so there;
         * not when the column says so of several (other posts') */
        {"<div class=\"post-sidebar\"><h4>Published</h4><div>July 8, 2025</div><h4>Topic</h4><div>Weather</div>"
         "</div>",
         "published", "2025-07-08"},
        {"<div class=\"post-sidebar\"><p><a href=\"/a\">Floods</a> Published May 1, 2025</p><p><a href=\"/b\">"
         "Snow</a> Published May 2, 2025</p></div>",
         "published", NULL},
    };
    for (size_t i = 0; i < sizeof said_cases / sizeof *said_cases; i++) {
        char said[2200];
        snprintf(said, sizeof said, "%s%s", lead, said_cases[i][0]);
        expect_field("<title>Storm</title>", said, said_cases[i][1], said_cases[i][2]);
    }
    /* a declared date in a format of its own gives its day, unless the day
     * and the month could be either */
    /* BBC News's own meta name (its pages of 2002-2017) */
    expect_field("<title>Storm</title><meta name=\"OriginalPublicationDate\" content=\"2009/10/09 14:32:10\">",
                 "<h1>Storm</h1>", "published", "2009-10-09T14:32:10Z");
    expect_field("<title>Storm</title><meta property=\"article:published_time\" content=\"Thu, 09/25/2025 - 11:38\">",
                 "<h1>Storm</h1>", "published", "2025-09-25");
    expect_field("<title>Storm</title><meta name=\"article:published_time\" content=\"03-09-2026\">",
                 "<h1>Storm</h1>", "published", NULL);
    /* a byline line under the headline: name, job, date */
    expect_field("<title>How AI is changing care</title>",
                 "<header><h1>How AI is changing care</h1><p>Aaron Ricadela | Senior Writer | July 2, 2025</p></header>",
                 "published", "2025-07-02");
    expect_field("<title>How AI is changing care</title>",
                 "<header><h1>How AI is changing care</h1><p>Aaron Ricadela | Senior Writer | July 2, 2025</p></header>",
                 "author", "Aaron Ricadela");
    /* a column beside the headline with the date, by its class: the last
     * resort, and not an update */
    expect_field("<title>Sleep training</title>",
                 "<h1>Sleep training</h1><aside><p class=\"article_date\">May 25, 2023</p></aside>", "published",
                 "2023-05-25");
    expect_field("<title>Sleep training</title>",
                 "<h1>Sleep training</h1><aside><div><span>Updated on</span> <span class=\"meta-value\">"
                 "February 24, 2026</span></div></aside>",
                 "published", NULL);
    /* a page without <h1> (as written before HTML5): the headline in
     * bold or large type that the title names stands for it, and the date
     * above it is read; bold text the title does not name is no headline */
    expect_field("<title>CNN.com - Talks resume as ceasefire holds - October 9, 2000</title>",
                 "<table><tr><td><font size=\"1\">October 9, 2000<br>Web posted at: 8:32 a.m. EDT</font><br>"
                 "<font size=\"5\"><b>Talks resume as ceasefire holds in the mountains</b></font><br>"
                 "<font>Negotiators returned to the table on Monday after a weekend in which the ceasefire held."
                 "</font></td></tr></table>",
                 "published", "2000-10-09");
    expect_field("<title>CNN.com - Talks resume as ceasefire holds</title>",
                 "<table><tr><td><font size=\"1\">October 9, 2000<br>Web posted at: 8:32 a.m. EDT</font><br>"
                 "<font size=\"5\"><b>Weekend of calm in the mountains</b></font><br>"
                 "<font>Negotiators returned to the table on Monday after a weekend in which the ceasefire held."
                 "</font></td></tr></table>",
                 "published", NULL);
    /* the post's facts in a box after the text (a Ghost theme's aside): a
     * <time> named a date's beside a link to the author's page is the
     * publication's; beside no such link it is not read */
    {
        const char *facts =
            "<html lang=\"en\"><body class=\"post-template is-head-left-logo has-classic-feed\"><div class=\"gh-site\">"
            "<main class=\"gh-main gh-outer\"><div class=\"gh-inner\"><article class=\"gh-article post featured\">"
            "<section class=\"gh-content gh-canvas\"><h3><a href=\"/b\"></a> by Neon Yang (May 6th)</h3><aside "
            "class=\"gh-article-meta\"><div class=\"gh-article-meta-inner\"><div "
            "class=\"gh-article-meta-wrapper\"><div "
            "class=\"gh-author-name-list\"><a href=\"%s\">Andrew Liptak</a></div><time class=\"gh-article-date\" "
            "datetime=\"2025-05-01\">01 May 2025</time></div></div></aside></section></article></div></main></div>"
            "</body></html>";
        char page[1024];
        snprintf(page, sizeof page, facts, "/author/andrew-liptak/");
        expect_page_field(page, "https://example.org/a", "published", "2025-05-01");
        snprintf(page, sizeof page, facts, "/tags/books/");
        expect_page_field(page, "https://example.org/a", "published", NULL);
    }
    /* a page without <h1> whose headline is a text of its own that is
     * the title's main part (a table cell's, as templates wrote them):
     * the headline, without the title's site and section, and the date
     * under it; not a home link's text, nor the title's last part that
     * is worded as a name */
    title_case("<title>BBC NEWS | UK | Storm closes the harbour bridge again</title>",
               "<table><tr><td class=\"storyheadline\">Storm closes the harbour bridge again</td></tr></table>",
               "Storm closes the harbour bridge again");
    expect_field("<title>BBC NEWS | UK | Storm closes the harbour bridge again</title>",
                 "<table><tr><td class=\"storyheadline\">Storm closes the harbour bridge again</td></tr>"
                 "<tr><td>Monday, 8 September 2008</td></tr></table>",
                 "published", "2008-09-08");
    title_case("<title>About us | The Coast Diaries newsletter</title>",
               "<div><a href=\"/\"><span>The Coast Diaries newsletter</span></a></div>",
               "About us | The Coast Diaries newsletter");
    title_case("<title>Electrical - Overview | Occupational Safety and Health Administration</title>",
               "<div>Occupational Safety and Health Administration</div>",
               "Electrical - Overview | Occupational Safety and Health Administration");
    /* a page without <h1> (or with a logo's only) whose headline is an
     * <h2> the title does not hold: the date under it is read, and the
     * story so dated is titled by its headline */
    expect_field("<title>Biggest diet trends in 2025</title>",
                 "<h2>The seven biggest diet and nutrition trends of the year, say nutritionists</h2>"
                 "<p>March 3, 2025</p>",
                 "published", "2025-03-03");
    title_case("<title>Biggest diet trends in 2025</title>",
               "<h2>The seven biggest diet and nutrition trends of the year, say nutritionists</h2>"
               "<p>March 3, 2025</p>",
               "The seven biggest diet and nutrition trends of the year, say nutritionists");
    /* a microdata author that is an item of its own: its name property,
     * not the card's text; a nested item's name is not the author's */
    expect_field("<title>Suggestions for a beginner bike</title>",
                 "<h1>Suggestions for a beginner bike</h1><div itemprop=\"author\" itemscope "
                 "itemtype=\"https://schema.org/Person\"><a href=\"/members/ejp.9/\" class=\"avatar\">E</a>"
                 "<span itemprop=\"name\">Ejp55230</span><span>Member</span> <span>Joined Jun 29, 2016</span></div>",
                 "author", "Ejp55230");
    expect_field(
        "<title>Suggestions for a beginner bike</title>",
        "<h1>Suggestions for a beginner bike</h1><div itemprop=\"author\" itemscope><div itemprop=\"affiliation\" "
        "itemscope><span itemprop=\"name\">Trail Club</span></div><meta itemprop=\"name\" content=\"Ann Lee\">"
        "</div>",
        "author", "Ann Lee");
    /* a thread's author is who started it: the JSON-LD posting that is a
     * page's main entity, or the starter its label names, not the first
     * post shown (on a thread's later pages, a reply) */
    const char *reply = "<h1>Buying Office</h1><article itemscope itemtype=\"https://schema.org/Comment\"><div "
                        "itemprop=\"author\" itemscope><span itemprop=\"name\">phinds</span></div></article>";
    expect_field("<title>Buying Office</title><script type=\"application/ld+json\">{\"@type\": \"WebPage\", "
                 "\"mainEntity\": {\"@type\": \"DiscussionForumPosting\", \"headline\": \"Buying Office\", "
                 "\"author\": {\"@type\": \"Person\", \"name\": \"paulb203\"}}}</script>",
                 reply, "author", "paulb203");
    char starter[1024];
    snprintf(starter, sizeof starter,
             "<ul><li><svg><title>Thread starter</title></svg><span class=\"sr-only\">Thread starter</span> "
             "<a href=\"/members/sean_g.8/\">sean_g</a></li></ul>%s",
             reply);
    expect_field("<title>Buying Office</title>", starter, "author", "sean_g");
    /* the label's name awaited, another label ("Join Date:") is none */
    expect_field("<title>Buying Office</title>",
                 "<h1>Buying Office</h1><div class=\"info\"><span>Thread Starter</span></div><div>Join Date: "
                 "<b>Aug 2008</b></div><div>Posts: <b>1,077</b></div>",
                 "author", NULL);
    expect_field("<title>Buying Office</title>",
                 "<h1>Buying Office</h1><p class=\"starter\">Started by Biology Forums, June 04, 2024, 11:23 AM</p>",
                 "author", "Biology Forums");
    /* a label's badge ("Original poster") before the thread's title is no
     * label of the name that follows, however the page is indented */
    expect_field("<title>Family meals</title>",
                 "<div class=\"label\">Original poster</div><h1>\r\n                Your favourite lowish cost family "
                 "meals\r\n            </h1><p>longshot</p>",
                 "author", NULL);
    /* "Started by" names a thread's starter on a page that says it is a
     * thread, not over another page's author */
    expect_field("<title>Buying Office</title>",
                 "<h1>Buying Office</h1><p>Started by Ann Lee</p><p class=\"byline\">By Tom Roe</p>", "author",
                 "Tom Roe");
    /* an element whose class says the page has no byline holds none (a
     * template's breadcrumb in "post-meta no-byline") */
    expect_field("<title>Security Consulting Services</title>",
                 "<h1>Security Consulting Services</h1><div class=\"post-meta no-byline\"><a href=\"/\">Home</a> "
                 "\xC2\xBB <a href=\"/services/\">Technology Services</a> \xC2\xBB <strong>Security Consulting"
                 "</strong></div>",
                 "author", NULL);
    /* a paper's authors, as its citation tags list them, given name
     * first */
    expect_field("<title>Physical activity and mental health</title><meta name=\"citation_author\" content=\"Aditya "
                 "Mahindru\"><meta name=\"citation_author\" content=\"Patil, Pradeep\">",
                 "<h1>Physical activity and mental health</h1><p>\xE2\x9C\x89 Aditya Mahindru \xE2\x9C\x89 "
                 "Corresponding author</p>",
                 "author", "Aditya Mahindru, Pradeep Patil");
    expect_field("<title>Physical activity and mental health</title><meta name=\"citation_publication_date\" "
                 "content=\"2023 Jan 7\">",
                 "<h1>Physical activity and mental health</h1>", "published", "2023-01-07");
    /* the name in an author's box is the author, though the box is no
     * byline */
    expect_field("<title>Pros and cons of consulting</title>",
                 "<h1>Pros and cons of consulting</h1><div class=\"elementor-author-box\"><div class=\"elementor-"
                 "author-box__text\"><h4 class=\"elementor-author-box__name\"> Liz Kenny </h4><div class=\"elementor-"
                 "author-box__bio\">Liz has worked in strategy consulting for ten years.</div></div></div>",
                 "author", "Liz Kenny");
    /* a vendor's key for the publication date, not for a later one */
    expect_field("<title>Storm</title><meta name=\"w-published-date\" content=\"2025-05-27T06:03:43.274Z\">",
                 "<h1>Storm</h1>", "published", "2025-05-27T06:03:43Z");
    expect_field("<title>Storm</title><meta property=\"cxenseparse:publishtime\" content=\"2024-03-01T10:00:00Z\">",
                 "<h1>Storm</h1>", "published", "2024-03-01T10:00:00Z");
    expect_field("<title>Storm</title><meta name=\"last_published_date\" content=\"2025-05-27T06:03:43Z\">",
                 "<h1>Storm</h1>", "published", NULL);
    /* a declared day, then the same day with its time from another key:
     * the time */
    expect_field("<title>Storm</title><meta name=\"awa-publishedDate\" content=\"20200320\"><meta property=\"article:"
                 "published_time\" content=\"2020-03-20T15:00:52+00:00\">",
                 "<h1>Storm</h1>", "published", "2020-03-20T15:00:52Z");
    expect_field("<title>Storm</title><meta name=\"awa-publishedDate\" content=\"20200320\"><meta property=\"article:"
                 "published_time\" content=\"2021-03-20T15:00:52+00:00\">",
                 "<h1>Storm</h1>", "published", "2020-03-20");
    /* og:title before twitter:title, wherever each comes (a template's
     * twitter:title holding the description) */
    expect_field("<title>Cybersecurity Sector Update</title><meta name=\"twitter:title\" content=\"Our cybersecurity "
                 "report aims to identify trends across the sector. Download the report.\"><meta property=\"og:title\" "
                 "content=\"Cybersecurity Sector Update\">",
                 "<h1>M&amp;A Updates</h1>", "title", "Cybersecurity Sector Update");
    expect_field(
        "<title>WeWork employees to be laid off this week</title><meta name=\"twitter:title\" content=\"Major "
        "WeWork layoffs to begin today\"><meta property=\"og:title\" content=\"WeWork employees to be laid off "
        "this week\">",
        "<h1>Major WeWork layoffs to begin today</h1>", "title", "Major WeWork layoffs to begin today");
    /* a byline element that holds a user's handle names them; a plain
     * word there names no one */
    expect_field(
        "<title>Fully functional hair follicles</title>",
        "<h1>Fully functional hair follicles</h1><p class=\"tagline\">submitted 3 hours ago by <a class=\"author\" "
        "href=\"/user/InsaneSnow45\">InsaneSnow45</a></p>",
        "author", "InsaneSnow45");
    expect_field("<title>Fully functional hair follicles</title>",
                 "<h1>Fully functional hair follicles</h1><p class=\"author\">History</p>", "author", NULL);
    /* or in a heading of a lower rank, and the byline after it is read */
    expect_field("<title>Homestead gardening makes villages self-reliant | District</title>",
                 "<div class=\"rpt_name\">District</div><h4>Homestead gardening makes villages self-reliant</h4>"
                 "<div class=\"caption\">Gardens on rooftops in the Barind tract. Photo: archive</div>"
                 "<p>By <strong>Md Aynal Haque</strong></p><p>RAJSHAHI - Homestead gardening has been contributing "
                 "significantly to making rural communities more self-reliant.</p>",
                 "author", "Md Aynal Haque");
    /* nor is the site's name in bold, though the title names it too */
    expect_field("<title>Electrical Overview | Occupational Safety and Health Administration</title>"
                 "<meta property=\"og:site_name\" content=\"Occupational Safety and Health Administration\">",
                 "<p>March 3, 2021</p><p><b>Occupational Safety and Health Administration</b></p>"
                 "<p>Electrical hazards in the workplace, with the rules that apply to them.</p>",
                 "published", NULL);
    /* the day in the address, whatever follows it */
    assert_true(meta_url_date("https://blog.example/articles/2025-12-15+Rust+GCC+backend") ==
                nw_day(nw_timegm(2025, 12, 15, 0, 0, 0)));
    assert_true(meta_url_date("https://blog.example/articles/2025-12-150") == NW_NO_TIME);
    assert_true(meta_url_date("https://e.org/blog/2023/october/03/wine-types/") ==
                nw_day(nw_timegm(2023, 10, 3, 0, 0, 0)));
    assert_true(meta_url_date("https://e.org/2023/Oct/03/") == nw_day(nw_timegm(2023, 10, 3, 0, 0, 0)));
    assert_true(meta_url_date("https://e.org/2023/octopus/03/") == NW_NO_TIME);
    /* the year, a section or two, then the month and the day */
    assert_true(meta_url_date("http://www.cnn.com/2000/WORLD/europe/10/09/talks/") ==
                nw_day(nw_timegm(2000, 10, 9, 0, 0, 0)));
    assert_true(meta_url_date("http://e.org/2001/US/03/14/story.html") == nw_day(nw_timegm(2001, 3, 14, 0, 0, 0)));
    assert_true(meta_url_date("http://e.org/2001/top/10/best-films/") == NW_NO_TIME);
    assert_true(meta_url_date("http://e.org/2001/a/b/c/10/09/") == NW_NO_TIME);
    assert_true(meta_url_date("http://e.org/2001/top/13/09/") == NW_NO_TIME);
    assert_true(meta_url_date("http://e.org/2001/top/10/091/") == NW_NO_TIME);
    /* a numeric date with slashes whose day and month could be either:
     * in the order the page's other such dates show; else month first in
     * American English; else day first; and the other way when only that
     * reading is the address's day */
    const char *us = "<title>Storm</title><meta property=\"og:locale\" content=\"en_US\">";
    expect_field(us, "<h1>Storm</h1><p>3/4/2025</p>", "published", "2025-03-04");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>3/4/2025</p>", "published", "2025-04-03");
    expect_field(us, "<h1>Storm</h1><p>3/4/2025</p><ul><li>Last post 28/11/2025</li></ul>", "published", "2025-04-03");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>3/4/2025</p><ul><li>Last post 3/13/2026</li></ul>",
                 "published", "2025-03-04");
    const char *dated = "<html lang=\"en\"><head><title>Wine</title></head><body><h1>Wine</h1><p>03/10/2023</p>"
                        "<p>A paragraph of body text that is long enough to count as the article, with several "
                        "clauses.</p></body></html>";
    struct nw_err err = {0};
    json_t *o = article_extract(dated, strlen(dated), "https://e.org/blog/2023/october/03/wine/", NULL, &err);
    assert_non_null(o);
    assert_string_equal(nw_json_str(o, "published"), "2023-10-03");
    json_decref(o);
    expect_field("<title>Storm closes the bridge</title>",
                 "<h1>Storm closes the bridge</h1><span class=\"info\"><time>July 27, 2025</time></span>", "published",
                 "2025-07-27");
    /* a date under the headline with no markup, however it is introduced */
    expect_field("<title>Storm closes the bridge</title>",
                 "<h1>Storm closes the bridge</h1><div><p>By <a href=\"/a\">Ann Lee</a> - Mar 27, 2024</p></div>",
                 "published", "2024-03-27");
    expect_field("<title>Advent week 2</title>",
                 "<fieldset><legend>Advent week 2</legend><h1>Advent week 2</h1>\n  20 December 2025\n"
                 "<p>I did the puzzles of the week.</p></fieldset>",
                 "published", "2025-12-20");
    /* .NET's empty date (year 1) is no date: the next source answers */
    const char *empty_ld = "<title>Storm</title><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
                           "\"datePublished\": \"0001-01-01T00:00:00Z\", \"dateModified\": \"0001-01-01T00:00:00Z\"}"
                           "</script>";
    expect_field(empty_ld, "<h1>Storm</h1><time datetime=\"2019-11-19T10:00:00Z\">Nov 19</time>", "published",
                 "2019-11-19T10:00:00Z");
    expect_field(empty_ld, "<h1>Storm</h1>", "updated", NULL);
    expect_field("<title>Storm</title><meta property=\"article:published_time\" content=\"0006-04-22\">",
                 "<h1>Storm</h1>", "published", NULL);
    /* nor the largest date there is, a template's "never" */
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>November 20, 9999 7:00 PM</p>", "published", NULL);
    expect_field("<title>Storm</title><meta property=\"article:published_time\" content=\"9999-12-31\">",
                 "<h1>Storm</h1><time datetime=\"2019-11-19\">Nov 19</time>", "published", "2019-11-19");
    /* a site's home page shows its stories' dates, none of its own; what
     * it declares still dates it */
    char home[1024];
    const char *stamp = "<p><time datetime=\"2025-03-01\">March 1, 2025</time></p>";
    home_page(home, sizeof home, "", stamp);
    expect_page_field(home, "https://dailyplanet.example/", "published", NULL);
    expect_page_field(home, "https://dailyplanet.example/world/storm", "published", "2025-03-01");
    home_page(home, sizeof home, "<meta property=\"article:published_time\" content=\"2025-02-01\">", stamp);
    expect_page_field(home, "https://dailyplanet.example/", "published", "2025-02-01");
    /* not a date the first paragraph speaks of, nor one far below the headline */
    expect_field("<title>History</title>",
                 "<h1>History</h1><p>The bridge opened on March 3, 1931, after four years of work.</p>",
                 "published", NULL);
    char far[2048] = "<h1>Storm</h1>";
    for (int i = 0; i < 8; i++)
        strcat(far, "<p>The storm closed the old bridge and the ferry in the night.</p>");
    strcat(far, "<p>Mar 27, 2024</p>");
    expect_field("<title>Storm</title>", far, "published", NULL);
    /* CSS written into a class name ("[--sidebar-width:18rem]") does not
     * make a layout wrapper a sidebar whose dates are not the article's */
    expect_field("<title>Storm</title>",
                 "<div class=\"[--sidebar-width:18rem] lg:mr-[--sidebar-width]\"><h1>Storm</h1>"
                 "<span class=\"date\">Published on Oct 21, 2025</span></div><div class=\"sidebar\">"
                 "<span class=\"date\">Mar 12, 2026</span></div>",
                 "published", "2025-10-21");
    /* a date under the headline is one however deep the page indents it,
     * with LF or CRLF; "Updated" after it is not the publication's */
    expect_field("<title>Clouds</title>",
                 "<h1>Clouds compared</h1><div><span>\r\n                                Published on Oct 21, 2025"
                 "\r\n                            </span><span>\r\n                Updated on Mar 9, 2026\r\n"
                 "            </span></div>",
                 "published", "2025-10-21");
    expect_field("<title>Family meals</title>",
                 "<h1>Family meals</h1><p>longshot \xC2\xB7<span>\n                                      03/03/2026 "
                 "19:44\n                                      </span></p>",
                 "published", "2026-03-03T19:44:00Z");
    /* an article's own <footer> holds its date; a page's does not */
    expect_field("<title>Storm</title>",
                 "<article><h1>Storm</h1><p>Text.</p><footer><span>Posted</span> <time datetime=\"2025-08-12\">"
                 "August 12</time></footer></article>",
                 "published", "2025-08-12");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><footer><time datetime=\"2025-08-12\">August 12</time></footer>", "published", NULL);
    /* a main column whose class list happens to say "widget" holds the
     * headline, and its date is the article's; a widget without one is not */
    expect_field("<title>Storm</title>",
                 "<div class=\"main-column widget-manage-opacity\"><h1>Storm</h1><div class=\"meta\">"
                 "<time datetime=\"2005-07-10T00:57:00\">7/9/05</time></div></div>",
                 "published", "2005-07-10T00:57:00Z");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div class=\"widget\"><time datetime=\"2005-07-10T00:57:00\">7/9/05</time></div>",
                 "published", NULL);
    /* a widget that is a web component (an element HTML does not know)
     * is one as a <div> is */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><side-widget class=\"widget\"><div><time datetime=\"2005-07-10T00:57:00\">7/9/05"
                 "</time></div></side-widget>",
                 "published", NULL);
    /* no-break spaces are blanks: in a label, a date, a name, a title */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><div><p>Written\xC2\xA0"
                 "by</p><p>Edzel\xC2\xA0Tabing</p></div><div><p>Last\xC2\xA0updated"
                 "</p><time>Aug\xC2\xA0"
                 "04, 2025</time></div>",
                 "author", "Edzel Tabing");
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><p>Published\xC2\xA0on Mar\xC2\xA0"
                 "9, 2026</p>",
                 "published", "2026-03-09");
    expect_field("<title>Storm</title>", "<h1>Storm</h1><p>Publi\xC3\xA9 le 3\xE2\x80\xAFmars 2026</p>", "published",
                 "2026-03-03");
    expect_field("<title>iPad\xC2\xA0Pro</title>", "<h1>iPad\xC2\xA0Pro</h1>", "title", "iPad Pro");
    /* WordPress marks a post never changed "published updated" */
    expect_field("<title>Storm</title>",
                 "<h1>Storm</h1><time class=\"entry-date published updated\" datetime=\"2018-10-09T10:46:39-05:00\">"
                 "October 9</time>",
                 "published", "2018-10-09T15:46:39Z");
    /* "last modified on <time>" is the update */
    expect_field("<title>Flexbox</title>",
                 "<h1>Flexbox</h1><p class=\"article-footer__last-modified\">This page was last modified on "
                 "<time datetime=\"2025-12-05T16:09:35.000Z\">Dec 5, 2025</time></p>",
                 "published", NULL);
    expect_field("<title>Flexbox</title>",
                 "<h1>Flexbox</h1><p class=\"article-footer__last-modified\">This page was last modified on "
                 "<time datetime=\"2025-12-05T16:09:35.000Z\">Dec 5, 2025</time></p>",
                 "updated", "2025-12-05T16:09:35Z");
    /* a publication date in a meta tag, however its name is spelt */
    expect_field("<title>Storm</title><meta name=\"published\" content=\"July 17, 2025\">", "<p>Text.</p>",
                 "published", "2025-07-17");
    expect_field("<title>Storm</title><meta name=\"Publication_Date\" content=\"2025-07-18\">", "<p>Text.</p>",
                 "published", "2025-07-18");
}

/* A forum thread: its posts are named as comments, and no article stands
 * beside them; a second look keeps them. So does a shop's product grid
 * named as a widget. */
/* A page builder wraps each heading and paragraph in "widgets" of its
 * own ("elementor-widget-wrap", "elementor-widget-heading"): they are the
 * article, where a sidebar's widgets ("widget widget_recent_entries") are
 * still furniture. */
static void test_builder_widgets(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><body><div class=\"elementor elementor-12\">");
    for (int i = 0; i < 6; i++) {
        nw_buf_printf(&page,
                      "<section class=\"elementor-section elementor-top-section\"><div class=\"elementor-widget-wrap\">"
                      "<div class=\"elementor-element elementor-widget elementor-widget-heading\"><div "
                      "class=\"elementor-widget-container\"><h2>Section heading %d</h2></div></div></div></section>"
                      "<section class=\"elementor-section elementor-top-section\"><div class=\"elementor-widget-wrap\">"
                      "<div class=\"elementor-element elementor-widget elementor-widget-text-editor\"><div "
                      "class=\"elementor-widget-container\"><p>%s paragraph %d of the guide, with a few clauses, "
                      "commas, and a full stop.</p></div></div></div></section>",
                      i,
                      i % 2 ? "Short"
                            : "A longer paragraph that runs on for a while, as guides do, explaining "
                              "the matter at hand in some detail for the reader who came for it, with an "
                              "example or two, a caution about what tends to go wrong, and a word on "
                              "what to do next once all of this is done and dusted; the",
                      i);
    }
    nw_buf_puts(&page, "</div><div class=\"widget widget_recent_entries\"><h3>Recent posts</h3><p>Other news "
                       "item</p></div></body></html>");
    expect_text(page.data, page.len, "https://e.example/guide",
                HAS("Section heading 0", "Short paragraph 5", "Section heading 5"),
                LACKS("Recent posts", "Other news item"));
    nw_buf_cleanup(&page);
}

/* A service page's sections, each a heading and a paragraph or more in
 * wrappers of their own shapes, are its content together, whether they
 * sit in a wrapper or right under <body> (none holds half its text). */
static void test_sections_under_body(void **state)
{
    (void)state;
    static const char *const shapes[] = {
        "<div class=\"container\"><div class=\"row\"><div class=\"col\"><h2>Heading %d</h2>%s</div></div></div>",
        "<div class=\"container\"><h2>Heading %d</h2><div class=\"text\">%s</div></div>",
        "<section><div class=\"wrap\"><h3>Heading %d</h3>%s</div></section>"};
    static const int paragraphs[] = {1, 3, 1, 2, 1};
    struct nw_buf inner = {0}, page = {0}, paras = {0};
    nw_buf_puts(&inner, "<header><nav><a href=\"/\">Home</a> <a href=\"/services\">Services</a> <a "
                        "href=\"/about\">About</a></nav></header><section class=\"hero\"><h1>Data analytics "
                        "services</h1><p>Unlock the value in your data.</p></section>");
    for (int i = 0; i < 5; i++) {
        nw_buf_reset(&paras);
        for (int k = 0; k < paragraphs[i]; k++)
            nw_buf_printf(&paras,
                          "<p>Part %d.%d: our consultants work with your teams to assess the data you hold, plan "
                          "the platform that suits it, and put the plan into practice step by step, with "
                          "training along the way for everyone involved.</p>",
                          i, k);
        nw_buf_printf(&inner, shapes[i % 3], i, paras.data);
        nw_buf_puts(&inner, "<p></p>");
    }
    nw_buf_puts(&inner, "<footer><p>Copyright 2025 Example Consulting. All rights reserved.</p></footer>");
    for (int wrapped = 0; wrapped < 2; wrapped++) {
        nw_buf_reset(&page);
        nw_buf_printf(&page, "<html><head><title>Data analytics services</title></head><body>%s%s%s</body></html>",
                      wrapped ? "<div id=\"page\"><div class=\"site\">" : "", inner.data,
                      wrapped ? "</div></div>" : "");
        expect_text(page.data, page.len, "https://consult.example/services/data",
                    HAS("Part 0.0", "Part 1.2", "Part 2.0", "Part 3.1", "Part 4.0"), LACKS("All rights reserved"));
    }
    nw_buf_cleanup(&inner);
    nw_buf_cleanup(&page);
    nw_buf_cleanup(&paras);
}

/* A paragraph's end tag left out (its text then runs on to the blanks
 * before its parent's end tag) weighs nothing: of two copies of a story
 * (one for wide screens, one for narrow), the first is read either way. */
static void test_paragraph_end_tags(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    for (int closed = 0; closed < 2; closed++) {
        nw_buf_reset(&page);
        nw_buf_puts(&page, "<html><head><title>Bridge</title></head><body>");
        for (int copy = 0; copy < 2; copy++) {
            nw_buf_puts(&page, copy ? "<div class=\"narrow\"><div class=\"copy\">\n        "
                                    : "<div class=\"wide\"><div class=\"copy\">\n        ");
            for (int i = 0; i < 6; i++)
                nw_buf_printf(&page,
                              "<p>Copy %c, paragraph %d: the council met on Tuesday to decide the budget for the "
                              "new bridge, and the vote was close.%s\n        ",
                              'A' + copy, i, copy && !closed ? "" : "</p>");
            nw_buf_puts(&page, "</div></div>\n");
        }
        nw_buf_puts(&page, "</body></html>");
        expect_text(page.data, page.len, NULL, HAS("Copy A, paragraph 0", "Copy A, paragraph 5"), LACKS("Copy B"));
    }
    nw_buf_cleanup(&page);
}

/* A <template>'s content is never shown: however much prose it holds
 * next to a page of short lines, it is no article; a declarative shadow
 * root's (shadowrootmode) is shown, and read. */
static void test_templates(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page,
                "<html><head><title>Cups</title></head><body><template id=\"card\"><div class=\"article-body\">");
    for (int i = 0; i < 6; i++)
        nw_buf_printf(&page,
                      "<p>Template paragraph %d, which no browser shows, with words enough to be counted as an "
                      "article's text if it were read.</p>",
                      i);
    nw_buf_puts(&page, "</div></template><main><h1>Cups</h1><ul>");
    for (int i = 0; i < 12; i++)
        nw_buf_printf(&page, "<li><a href=\"/cup-%d\">Cup %d</a> 4oz, $%d.95</li>", i, i, 20 + i);
    nw_buf_puts(&page, "</ul></main></body></html>");
    expect_text(page.data, page.len, "https://shop.example/cups", NULL, LACKS("Template paragraph"));
    nw_buf_reset(&page);
    nw_buf_puts(&page, "<html><head><title>Bridge</title></head><body><main><h1>Bridge</h1><news-story><template "
                       "shadowrootmode=\"open\"><article>");
    for (int i = 0; i < 6; i++)
        nw_buf_printf(&page,
                      "<p>Shadow paragraph %d: the council met on Tuesday to decide the budget for the new bridge, "
                      "and the vote was close.</p>",
                      i);
    nw_buf_puts(&page, "</article></template></news-story></main></body></html>");
    expect_text(page.data, page.len, NULL, HAS("Shadow paragraph 0", "Shadow paragraph 5"), NULL);
    nw_buf_cleanup(&page);
}

/* The wrapper a theme puts the whole page in (<body><div id="wrapper">)
 * changes nothing: the climbs that stop at <body> stop at it too, and the
 * site's footer stays out of the article. */
static void test_page_wrapper(void **state)
{
    (void)state;
    struct nw_buf inner = {0}, page = {0};
    nw_buf_puts(&inner, "<div class=\"shell\"><div class=\"main\"><div><h1>Plant talks</h1>");
    numbered(&inner, 8,
             "<p>Paragraph %d of the story tells what happened at the plant on Tuesday, when the workers, "
             "the managers and the inspectors met to agree on the next steps, and what each of them said "
             "afterwards.</p>");
    nw_buf_puts(&inner, "</div></div><div class=\"side\"><p>Sign up.</p></div></div><div class=\"bottom\">");
    numbered(&inner, 4,
             "<p>Footer note %d: the company, founded in 1990, serves readers in the region with news, "
             "features, and opinion, every day of the week.</p>");
    nw_buf_puts(&inner, "</div>");
    for (int wrapped = 0; wrapped < 2; wrapped++) {
        nw_buf_reset(&page);
        nw_buf_printf(&page, "<html><head><title>Plant talks</title></head><body>%s%s%s</body></html>",
                      wrapped ? "<div id=\"wrapper\"><div class=\"inner\">" : "", inner.data,
                      wrapped ? "</div></div>" : "");
        expect_text(page.data, page.len, "https://e.example/plant", HAS("Paragraph 7 of the story"),
                    LACKS("Footer note"));
    }
    nw_buf_cleanup(&inner);
    nw_buf_cleanup(&page);
}

/* A short paragraph that is mostly its link stays in the article, and so
 * does it when its text sits in a <span> (as editors' markup has it); a
 * link wrapped in a <span> of its own in a paragraph, or in a line of a
 * list item, is read with that text (word processors' exports and rich
 * text editors write every run of text so). */
static void test_linked_paragraph(void **state)
{
    (void)state;
    for (int in_li = 0; in_li < 2; in_li++) {
        struct nw_buf page = {0};
        nw_buf_puts(&page, "<html><head><title>Solar</title></head><body><div class=\"nav\"><a href=\"/\">Home</a>"
                           "</div><div><h1>Solar</h1>");
        numbered(&page, 6,
                 "<p>Paragraph %d: panels on a roof facing south make the most of the day's light, and a "
                 "good installer checks the roof's age and shade before anything else.</p>");
        nw_buf_printf(&page,
                      "%sFirst, make sure your house is a <u><span style=\"color: #1155CC\"><a "
                      "href=\"https://e.example/fit\">good fit for solar</a></span></u><span> and know what you "
                      "use.</span>%s",
                      in_li ? "<ul><li>" : "<p><span>", in_li ? "</li></ul>" : "</span></p>");
        nw_buf_puts(&page, "<p>The last paragraph tells what the panels cost.</p></div></body></html>");
        expect_text(page.data, page.len, "https://e.example/solar", HAS("a good fit for solar and know", "Paragraph 5"),
                    NULL);
        nw_buf_cleanup(&page);
    }
    for (int span = 0; span < 2; span++) {
        struct nw_buf page = {0};
        nw_buf_puts(&page,
                    "<html><head><title>Bands</title></head><body><div class=\"nav\"><a href=\"/\">Home</a></div>"
                    "<div><h1>Bands</h1>");
        numbered(&page, 6,
                 "<p>Paragraph %d: a band with a handle makes presses, curls and rows easier, because you "
                 "have something to grip, and it costs little more than the plain kind.</p>");
        nw_buf_printf(&page,
                      "<p>%sUK shop price 17.99 for the pair of bands: <a "
                      "href=\"https://shop.example/b\">https://shop.example/b</a>%s</p>",
                      span ? "<span>" : "", span ? "</span>" : "");
        nw_buf_puts(&page, "<p>The other kind of band you need is a loop.</p></div></body></html>");
        expect_text(page.data, page.len, "https://e.example/bands", HAS("UK shop price 17.99", "Paragraph 5"), NULL);
        nw_buf_cleanup(&page);
    }
}

/* A body written as loose text between headings, its paragraphs parted
 * by blank lines (<br><br>), as older CMSs write it: the article, not the
 * excerpt above it or a paragraph beside it. */
static void test_loose_text_body(void **state)
{
    (void)state;
    for (int brs = 0; brs < 2; brs++) {
        struct nw_buf page = {0};
        nw_buf_puts(&page, "<html><head><title>Yoga at home</title></head><body><div class=\"top\"><h1>Yoga at "
                           "home</h1><div class=\"excerpt\">If January has been a test, I passed it badly, but I "
                           "passed it, with my mat in the hall.</div></div><div class=\"wrap\"><div class=\"entry\">");
        for (int i = 0; i < 6; i++)
            nw_buf_printf(&page,
                          "%sLoose paragraph %d says that the kitchen was gone, the water was off, and the plumber, "
                          "as ever, was late%s%s",
                          i % 2 ? "<h3>A part</h3>" : "", i, brs ? " <em>again</em>.<br><br>" : ". ",
                          i == 2 && !brs ? "<h3>Another part</h3>" : "");
        nw_buf_puts(&page, "</div></div><aside><p>About me: I write about yoga, travel, and food, from a kitchen in "
                           "Leeds, since 2015, with my two dogs, Pip and Bo.</p></aside>");
        nw_buf_puts(&page, "</body></html>");
        expect_text(page.data, page.len, "https://e.example/yoga",
                    HAS("Loose paragraph 5", "Loose paragraph 0", "Loose paragraph 3"),
                    LACKS("About me", "my mat in the hall"));
        nw_buf_cleanup(&page);
    }
}

/* An <article> (or a <main>) of text and blank lines, no block in it:
 * its runs are its paragraphs, and it the story, not the box of
 * paragraphs beside it. */
static void test_loose_text_article(void **state)
{
    (void)state;
    for (int main_el = 0; main_el < 2; main_el++) {
        struct nw_buf b = {0};
        nw_buf_printf(&b, "<html><head><title>Tim Cook on the cloud</title></head><body><div class=\"wrap\"><%s>",
                      main_el ? "main" : "article");
        for (int i = 0; i < 6; i++)
            nw_buf_printf(&b,
                          "Run %d: Apple's chief executive said on Tuesday that the company, long a maker of "
                          "phones, sells more to businesses than ever, and <a href=\"/cloud\">its cloud</a> grows "
                          "with them.<br><br>",
                          i);
        nw_buf_printf(&b,
                      "</%s></div><div class=\"box\"><p>Stories we like: a lighthouse keeper's year, the fair, and the "
                      "new ferry that nobody, in the end, wanted to take.</p><p>Sign up for our letters, every "
                      "Monday and Thursday, and read what the town is reading.</p></div></body></html>",
                      main_el ? "main" : "article");
        expect_text(b.data, b.len, "https://e.example/cook", HAS("Run 0: Apple's chief", "Run 5"),
                    LACKS("lighthouse keeper", "Sign up"));
        nw_buf_cleanup(&b);
    }
}

/* A page laid out in a table: the column with the story is the article,
 * not the row with the menu's column beside it. */
static void test_layout_table(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>Club news</title></head><body><table><tr><td width=\"20%\"><a "
                       "href=\"/\">Home</a><br><a href=\"/about\">About</a><br>Our club, founded in 1921, meets "
                       "every Tuesday, rain or shine, at the old hall.</td><td><h1>Club news</h1>");
    numbered(&page, 6,
             "<p>Paragraph %d: the club met on Tuesday, and the members agreed, after a long debate, to "
             "repaint the hall before the spring fair.</p>");
    nw_buf_puts(&page, "</td></tr></table></body></html>");
    expect_text(page.data, page.len, "https://club.example/news", HAS("Paragraph 5"), LACKS("founded in 1921"));
    nw_buf_cleanup(&page);
}

/* A page laid out before CSS: a table's row of three cells (the menu, the
 * story, links), the story set in <font>s and its paragraphs parted by
 * blank lines (<br><br>): the story's cell is the article, not the row. */
static void test_font_layout_table(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>News | WORLD | Talks resume in Geneva</title></head><body><table><tr>"
                       "<td width=\"125\"><font size=\"1\"><a href=\"/\">Front Page</a><br><a href=\"/w/\">World"
                       "</a><br><a href=\"/uk/\">UK</a><br><a href=\"/b/\">Business</a></font></td>"
                       "<td width=\"416\"><font size=\"1\">Monday, 9 October, 2000</font><br>"
                       "<font size=\"+2\"><b>Talks resume in Geneva</b></font><br><br><font size=\"2\">");
    numbered(&page, 5,
             "Paragraph %d: the negotiators returned on Monday, diplomats said, after a weekend in which "
             "the ceasefire largely held.<br><br>");
    nw_buf_puts(&page, "</font></td><td width=\"200\"><font size=\"1\"><b>See also:</b><br><a href=\"/a\">06 Oct "
                       "00 | Europe<br>Ceasefire agreed</a><br><a href=\"/b\">03 Oct 00 | Europe<br>Refugees flee "
                       "fighting</a></font></td></tr></table></body></html>");
    expect_text(page.data, page.len, "https://news.example/1234.stm", HAS("Paragraph 4", "Paragraph 0", "Paragraph 2"),
                LACKS("Front Page", "See also"));
    nw_buf_cleanup(&page);
}

static void test_forum_posts(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>Which tent for a week in the Alps? - Forum</title></head><body>"
                       "<main><h1>Which tent for a week in the Alps?</h1><div class=\"comments-list\">");
    for (int i = 0; i < 6; i++)
        nw_buf_printf(&page,
                      "<div class=\"comment\" id=\"comment-%d\"><span class=\"user\">hiker%d</span><p>We took a "
                      "two-person tunnel tent up to the huts last summer and it stood through two storms, though "
                      "the poles bent a little on the second night; post %d.</p></div>",
                      i, i, i);
    nw_buf_puts(&page, "</div></main></body></html>");
    expect_text(page.data, page.len, "https://forum.example/t/1", HAS("post 0.", "post 5."), NULL);
    nw_buf_cleanup(&page);
    /* and when the page's other text is enough words without being an
     * article (a list of other posts' headlines) */
    nw_buf_puts(&page, "<html><head><title>Which tent for a week in the Alps? - Forum</title></head><body>"
                       "<main><h1>Which tent for a week in the Alps?</h1><div class=\"comments-list\">");
    numbered(&page, 6,
             "<div class=\"comment\"><p>We took a two-person tunnel tent up to the huts last summer and "
             "it stood through two storms, though the poles bent a little on the second night and the "
             "door zip froze, so take a spare pair of pegs and a repair sleeve; post %d.</p></div>");
    nw_buf_puts(&page, "</div><div><h3>Other threads</h3><ul>");
    for (int i = 0; i < 8; i++)
        nw_buf_printf(&page, "<li><a href=\"/t/%d\">Another thread about boots, stoves and maps, number %d</a></li>",
                      i + 2, i);
    nw_buf_puts(&page, "</ul></div></main></body></html>");
    expect_text(page.data, page.len, "https://forum.example/t/1", HAS("post 0.", "post 5."), NULL);
    nw_buf_cleanup(&page);
    /* a shop's grid, named as a widget */
    nw_buf_puts(&page, "<html><body><main><div class=\"widget product-grid\">");
    for (int i = 0; i < 12; i++)
        nw_buf_printf(&page, "<div class=\"card\"><a href=\"/p/%d\">Ceramic mug number %d</a><span>Hand-glazed stoneware "
                             "mug, 350 ml</span><span>$%d</span></div>", i, i, 20 + i);
    nw_buf_puts(&page, "</div></main></body></html>");
    expect_text(page.data, page.len, "https://shop.example/mugs", HAS("Ceramic mug number 0", "Ceramic mug number 11"),
                NULL);
    nw_buf_cleanup(&page);
}

/* The text of post i of a test thread: the question, then replies. */
static void thread_post_text(struct nw_buf *page, int i)
{
    static const char *const replies[] = {
        "We took a two-person tunnel tent up to the huts last summer and it held through two storms.",
        "A freestanding dome is easier on rocky ground where pegs will not go in, in my experience at least.",
        "Whatever you take, practise pitching it at home first; at altitude with cold fingers it is harder.",
        "I would add a footprint under any of them, since the ground near the glacier is sharp gravel."};
    if (i == 0)
        nw_buf_puts(page, "I am planning a week of hut-to-hut walking in the Alps in July and want a light tent "
                          "for the nights between huts. It should stand up to wind and rain, pack small, and "
                          "weigh under two kilos. I have looked at tunnel tents and domes and cannot decide. "
                          "What have you used up there, and what would you take again? First post.");
    else
        nw_buf_printf(page, "%s Reply %d.", replies[i - 1], i);
}

/* A page that says it is a discussion (schema.org DiscussionForumPosting
 * or QAPage, in JSON-LD or microdata) whose forum software names the
 * replies "comments": the replies are its content, where a story's
 * comments go. A consent banner named as comments still goes. */
static void discussion_page(struct nw_buf *page, const char *head, const char *wrapper, const char *replies_name)
{
    nw_buf_printf(page,
                  "<html><head><title>Which tent for a week in the Alps? | Hiking Forum</title>%s</head><body>%s"
                  "<h1>Which tent for a week in the Alps?</h1><div class=\"topic-body\"><p>",
                  head, wrapper);
    thread_post_text(page, 0);
    nw_buf_printf(page, "</p></div><div id=\"%s\">", replies_name);
    for (int i = 1; i <= 8; i++)
        nw_buf_printf(page,
                      "<div class=\"comment\"><span class=\"user\">hiker%d</span><p>We took a tunnel tent to the "
                      "huts and it held in the storms, though the poles bent on the second night; reply %d.</p></div>",
                      i, i);
    nw_buf_printf(page, "</div>%s</body></html>", *wrapper ? "</div>" : "");
}

static void test_declared_discussion(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    discussion_page(&page,
                    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
                    "\"DiscussionForumPosting\",\"headline\":\"Which tent for a week in the Alps?\"}</script>",
                    "", "comments");
    expect_text(page.data, page.len, "https://forum.example/t/1", HAS("First post.", "reply 1.", "reply 8."), NULL);
    nw_buf_cleanup(&page);
    discussion_page(&page, "", "<div itemscope itemtype=\"https://schema.org/DiscussionForumPosting\">", "comments");
    expect_text(page.data, page.len, "https://forum.example/t/1", HAS("First post.", "reply 1.", "reply 8."), NULL);
    nw_buf_cleanup(&page);
    /* said by nothing: a story's comments */
    discussion_page(&page, "", "", "comments");
    expect_text(page.data, page.len, "https://forum.example/t/1", HAS("First post."), LACKS("reply 1.", "reply 8."));
    nw_buf_cleanup(&page);
    /* a banner named as comments are */
    discussion_page(&page, "", "<div itemscope itemtype=\"https://schema.org/QAPage\">", "cookie-consent");
    expect_text(page.data, page.len, "https://forum.example/t/1", HAS("First post."), LACKS("reply 1.", "reply 8."));
    nw_buf_cleanup(&page);
}

/* A forum thread whose posts sit several levels above their text, as
 * forum software writes them (up to twelve levels): every post is the
 * body, not the longest one alone. An article whose sections of the same shape stand beside an
 * author box and a newsletter form keeps its body without them. */
static void test_thread_posts(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>Which tent for a week in the Alps? | Hiking Forum</title></head><body>"
                       "<h1>Which tent for a week in the Alps?</h1><div class=\"block-body\">");
    for (int i = 0; i < 5; i++) {
        nw_buf_printf(&page,
                      "<article class=\"message message--post\"><div class=\"message-inner\"><div class=\"message-cell "
                      "message-cell--user\"><a href=\"/u/%d\">hiker%d</a></div><div class=\"message-cell message-cell--main\">"
                      "<div class=\"message-main\"><div class=\"message-content\"><article class=\"message-body\"><div "
                      "class=\"bbWrapper\">",
                      i, i);
        thread_post_text(&page, i);
        nw_buf_puts(&page, "</div></article></div></div></div></div></article>");
    }
    nw_buf_puts(&page, "</div></body></html>");
    expect_text(page.data, page.len, "https://forum.example/t/1", HAS("First post.", "Reply 4."), NULL);
    nw_buf_cleanup(&page);
    /* each post in a wrapper of no class (class="" too): the wrappers are
     * of the shape of the posts they hold */
    nw_buf_puts(&page, "<html><head><title>Which tent for a week in the Alps? | Hiking Forum</title></head><body>"
                       "<h1>Which tent for a week in the Alps?</h1><div class=\"main\"><div class=\"\">");
    for (int i = 0; i < 5; i++) {
        nw_buf_printf(
            &page,
            "%s<article class=\"post-article %s\"><div class=\"post-user\"><a href=\"/u/%d\">hiker%d</a></div>"
            "<div class=\"post-body\"><p>",
            i ? "<div>" : "", i ? "reply-box" : "topic-box", i, i);
        thread_post_text(&page, i);
        nw_buf_puts(&page, "</p></div></article></div>");
        if (i == 0)
            nw_buf_puts(&page, "<p class=\"sort-note\">Replies sorted oldest to newest</p>");
    }
    nw_buf_puts(&page, "</div></body></html>");
    expect_text(page.data, page.len, "https://forum.example/t/2", HAS("First post.", "Reply 4."), NULL);
    nw_buf_cleanup(&page);
    /* a theme that nests each post (and its replies) in wrappers of its
     * own: the posts' shape shows twelve levels above their text */
    nw_buf_puts(&page, "<html><head><title>Which tent for a week in the Alps? | Hiking Forum</title></head><body>"
                       "<h1>Which tent for a week in the Alps?</h1><div class=\"block-body\">");
    for (int i = 0; i < 5; i++) {
        nw_buf_printf(
            &page, "<div class=\"children-wrapper\"><div class=\"children-container\"><article class=\"js-post\">"
                   "<div class=\"card\"><div class=\"card-inner\"><div class=\"info-block\"><div class=\"cell-main\">"
                   "<div class=\"content-wrapper\"><div class=\"message-content\"><div class=\"user-content\">"
                   "<article class=\"message-body\"><div class=\"bbWrapper\">");
        thread_post_text(&page, i);
        nw_buf_printf(&page,
                      "</div></article></div></div></div></div></div><div class=\"user\"><a href=\"/u/%d\">"
                      "hiker%d</a></div></div></div></article></div></div>",
                      i, i);
    }
    nw_buf_puts(&page, "</div></body></html>");
    expect_text(page.data, page.len, "https://forum.example/t/3", HAS("First post.", "Reply 4."), NULL);
    nw_buf_cleanup(&page);
    /* an article among sections of the same shape */
    nw_buf_puts(&page, "<html><head><title>The bridge that closed a town</title></head><body><h1>The bridge that "
                       "closed a town</h1><div class=\"content\"><div class=\"section\"><div class=\"text\">");
    numbered(&page, 8,
             "<p>The council closed the old bridge on Tuesday after engineers found cracks in two of "
             "its piers, and the town's only road to the valley is now a forty-minute detour; "
             "paragraph %d.</p>");
    nw_buf_puts(&page, "</div></div><div class=\"section\"><div class=\"text\"><p>About the author: Jane Doe "
                       "covers local government and transport for the paper and lives in the valley.</p></div></div>"
                       "<div class=\"section\"><div class=\"text\"><p>Sign up for our newsletter to get the day's "
                       "local news in your inbox every morning before seven.</p></div></div></div></body></html>");
    expect_text(page.data, page.len, "https://news.example/bridge", HAS("paragraph 7."),
                LACKS("About the author", "newsletter"));
    nw_buf_cleanup(&page);
    /* a legal notice named so, as older pages write it after the story
     * in a plain <div> */
    nw_buf_puts(&page, "<html><head><title>Index funds</title></head><body><h1>Index funds</h1><div>");
    numbered(&page, 10,
             "<p>An index fund follows a market index, holds every stock in it and charges less than a fund "
             "whose managers pick stocks; paragraph %d.</p>");
    nw_buf_puts(&page, "</div><div class=\"richtext richtext--disclaimer\">");
    numbered(&page, 3,
             "<p>All investing is subject to risk, including the possible loss of the money you invest, and past "
             "performance is no guarantee of future returns; note %d.</p>");
    nw_buf_puts(&page, "</div></body></html>");
    expect_text(page.data, page.len, "https://funds.example/index", HAS("paragraph 5."), LACKS("note 1."));
    nw_buf_cleanup(&page);
}

/* A CJK byline names someone in full without a blank: under the
 * headline ("记者 王小明": reporter Wang Xiaoming), or in an element named
 * as one, the job after the name ("김철수 기자": reporter Kim Cheol-su). */
static void test_cjk_byline(void **state)
{
    (void)state;
    expect_field("<title>\xe5\x85\xbb\xe8\x80\x81\xe9\x87\x91\xe6\x94\xb9\xe9\x9d\xa9</title>",
                 "<h1>\xe5\x85\xbb\xe8\x80\x81\xe9\x87\x91\xe6\x94\xb9\xe9\x9d\xa9</"
                 "h1><p>\xe8\xae\xb0\xe8\x80\x85\x20\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e</p>",
                 "author", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e");
    expect_field("<title>\xec\x97\xb0\xea\xb8\x88\x20\xea\xb0\x9c\xed\x98\x81</title>",
                 "<h1>\xec\x97\xb0\xea\xb8\x88\x20\xea\xb0\x9c\xed\x98\x81</h1><div "
                 "class=\"byline\">\xea\xb9\x80\xec\xb2\xa0\xec\x88\x98\x20\xea\xb8\xb0\xec\x9e\x90</div>",
                 "author", "\xea\xb9\x80\xec\xb2\xa0\xec\x88\x98");
    /* a Korean byline in a plain paragraph under the headline, after a
     * dateline in brackets or before an address; a sentence about the
     * reporter ("김철수 기자는 말했다") is none. "文／" (text by) opens one. */
#define KO_TITLE "<title>\xec\x97\xb0\xea\xb8\x88\x20\xea\xb0\x9c\xed\x98\x81</title>"
#define KO_H1 "<h1>\xec\x97\xb0\xea\xb8\x88\x20\xea\xb0\x9c\xed\x98\x81</h1>"
#define KO_NAME "\xea\xb9\x80\xec\xb2\xa0\xec\x88\x98"
#define KO_JOB "\xea\xb8\xb0\xec\x9e\x90"
    expect_field(KO_TITLE, KO_H1 "<p>" KO_NAME " " KO_JOB "</p>", "author", KO_NAME);
    expect_field(KO_TITLE,
                 KO_H1 "<p>[\xec\x84\x9c\xec\x9a\xb8=\xeb\x89\xb4\xec\x8b\x9c\xec\x8a\xa4] " KO_NAME " " KO_JOB
                       " = </p>",
                 "author", KO_NAME);
    expect_field(KO_TITLE, KO_H1 "<p>" KO_NAME " " KO_JOB " kim@example.co.kr</p>", "author", KO_NAME);
    expect_field(KO_TITLE, KO_H1 "<p>" KO_NAME " " KO_JOB "\xeb\x8a\x94 \xeb\xa7\x90\xed\x96\x88\xeb\x8b\xa4</p>",
                 "author", NULL);
    expect_field("<title>\xe5\x85\xbb\xe8\x80\x81\xe9\x87\x91</title>",
                 "<h1>\xe5\x85\xbb\xe8\x80\x81\xe9\x87\x91</"
                 "h1><p>\xe6\x96\x87\xef\xbc\x8f\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e</p>",
                 "author", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e");
    /* and it leaves the text, as "By" lines do */
    const char *ko = "<html><body><article>" KO_H1 "<p>" KO_NAME " " KO_JOB "</p><p>A paragraph of body text "
                     "that is long enough to count as the article, with several clauses, commas, and a full stop "
                     "at the end of it.</p></article></body></html>";
    expect_text(ko, strlen(ko), "https://example.org/a", HAS("A paragraph of body text"), LACKS(KO_JOB));
#undef KO_TITLE
#undef KO_H1
#undef KO_NAME
#undef KO_JOB
}

/* Bylines as the names of the people in them. */
static void test_byline_names(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"By Keith Barry Senior Autos Reporter", "Keith Barry"},
        /* a job in two parts joined as names are */
        {"Rasmus Barslund, Founder & Lead Reviewer", "Rasmus Barslund"},
        {"Nicole Forbes, Master Horticulturalist & Garden Educator", "Nicole Forbes"},
        {"Ann Lee, Senior Writer & Tom Roe", "Ann Lee|Tom Roe"},
        /* an account's name is no job title */
        {"Google Ads Developer", "Google Ads Developer"},
        {"By JANE DOE and JOHN ROE, Associated Press", "JANE DOE|JOHN ROE"},
        {"Jane Doe | Published 10:43 AM EST Mar 3, 2021", "Jane Doe"},
        {"Par Claire Martin, envoy\xC3\xA9"
         "e sp\xC3\xA9"
         "ciale \xC3\xA0 Kiev",
         "Claire Martin"},
        {"Claire Martin avec AFP", "Claire Martin"},
        {"jdoe@example.com (Jane Doe)", "Jane Doe"},
        {"\"Jane Doe\" <jdoe@example.com>", "Jane Doe"}, /* as an e-mail header writes it */
        /* a screen reader's copy of the name beside the one shown; one
         * word twice may be a name */
        {"Ann Lee Ann Lee", "Ann Lee"},
        {"Yucy Yucy Yucy", "Yucy"},
        {"Li Li", "Li Li"},
        {"Von Max Mustermann und Erika Musterfrau", "Max Mustermann|Erika Musterfrau"},
        {"Max Mustermann, Berlin", "Max Mustermann"},
        {"Ursula von der Leyen", "Ursula von der Leyen"},
        {"Jane Doe, Reuters", "Jane Doe"},
        /* where an agency wrote from */
        {"Associated Press in Palm Beach, Florida", ""},
        {"Jane Doe in Kyiv, Ukraine", "Jane Doe"},
        {"Jane Doe in Kyiv, John Roe in Moscow", "Jane Doe|John Roe"},
        {"Jane Doe - Staff Writer", "Jane Doe"},
        {"Dan Smith, Alice Jones and Bob Brown", "Dan Smith|Alice Jones|Bob Brown"},
        {"By Sarah O'Brien Updated 2 hours ago", "Sarah O'Brien"},
        {"Text: Anna M\xC3\xBCller / Fotos: Hans Meier", "Anna M\xC3\xBCller"},
        /* the label before the name in other languages: Italian,
         * Turkish, Indonesian, Swedish, Finnish, Russian */
        {"Autore: Mario Rossi", "Mario Rossi"},
        {"\xea\xb9\x80\xec\xb2\xa0\xec\x88\x98\x20\xea\xb8\xb0\xec\x9e\x90", "\xea\xb9\x80\xec\xb2\xa0\xec\x88\x98"},
        /* CJK names have no blank inside; blanks, "、" and "，" part them */
        {"\xe6\x9c\xac\xe6\x8a\xa5\xe8\xae\xb0\xe8\x80\x85\x20\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\x20\xe6\x9d\x8e"
         "\xe5"
         "\x8d\x8e",
         "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\x7c\xe6\x9d\x8e\xe5\x8d\x8e"},
        {"\xe4\xbd\x9c\xe8\x80\x85\xef\xbc\x9a\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\xe3\x80\x81\xe6\x9d\x8e\xe5\x8d"
         "\x8e",
         "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\x7c\xe6\x9d\x8e\xe5\x8d\x8e"},
        {"\xe6\x96\x87\xef\xbc\x8f\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"},
        {"\xe8\xae\xb0\xe8\x80\x85 \xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"},
        {"\xe4\xbd\x9c\xe8\x80\x85\xef\xbc\x9a\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e",
         "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"},
        {"Yazar: Ahmet Y\xC4\xB1lmaz", "Ahmet Y\xC4\xB1lmaz"},
        {"Penulis: Budi Santoso", "Budi Santoso"},
        {"F\xC3\xB6rfattare: Anna Svensson", "Anna Svensson"},
        {"Kirjoittaja: Matti Virtanen", "Matti Virtanen"},
        {"\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80: \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD "
         "\xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2",
         "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2"},
        {"J. R. R. Tolkien", "J. R. R. Tolkien"},
        /* surname first, as journals list authors: a surname and its
         * initials are one name */
        {"Yeston, J.", "Yeston, J."},
        {"Dressano, K., Weckwerth, P., Poretsky, E.", "Dressano, K.|Weckwerth, P.|Poretsky, E."},
        {"Smith, K. T.; Fahrenkamp-Uppenbrink, J.", "Smith, K. T.|Fahrenkamp-Uppenbrink, J."},
        {"M\xC3\xBCller, J.-P.", "M\xC3\xBCller, J.-P."},
        {"Jane Doe, J.", "Jane Doe"},
        {"Hahn, F., Korolev, A., Sanjurjo Loures, M., Nekrasov, V.",
         "Hahn, F.|Korolev, A.|Sanjurjo Loures, M.|Nekrasov, V."},
        {"Jane Doe, M.D., Tom Roe, R.N.", "Jane Doe|Tom Roe"},
        {"Matthew Frankel, CFP", "Matthew Frankel"},
        {"Maria & Katerina", "Maria|Katerina"},
        {"Analysis by Chris Cillizza, CNN Editor-at-large", "Chris Cillizza"},
        {"By STEVE PEOPLES, AP National Political Writer", "STEVE PEOPLES"},
        {"Jane Doe, Jane Doe", "Jane Doe"},
        {"By Angela Williams\r\n   ", "Angela Williams"}, /* a CRLF page's line */
        /* a month that is a first name, and one that is a date's */
        {"By April Fulton", "April Fulton"},
        {"June Carter and Jan Novak", "June Carter|Jan Novak"},
        {"By Jane Doe April 3, 2024", "Jane Doe"},
        {"Jane Doe, June 2021", "Jane Doe"},
        {"Dec. 19, 2025 \xC2\xB7 Niko Matsakis", "Niko Matsakis"},
        /* a month that is a surname, a day that is a first name; a day
         * after a name is a date's */
        {"By Tom May", "Tom May"},
        {"Theresa May and Brian May", "Theresa May|Brian May"},
        {"Written By: Tom May, Staff Writer", "Tom May"},
        {"Sunday Alamba", "Sunday Alamba"},
        {"By Tom Lee May 3, 2025", "Tom Lee"},
        {"By Ann Roe Monday, May 3", "Ann Roe"},
        {"By Ann Roe Monday May 3", "Ann Roe"},
        {"Sept. 5, 2024 | By Jane Doe", "Jane Doe"},
        {"Post by Jane Doe \xC2\xBB 12. Sep 2024, 09:41", "Jane Doe"}, /* a forum's post */
        {"Jane Doe- 2025/4/29", "Jane Doe"},
        {"Mary-Jane Doe-Roe", "Mary-Jane Doe-Roe"},
        {"By Jane Doe | Updated May Day", "Jane Doe"},
        {"whova", "whova"},
        {"\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2",
         "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2"},
        /* an organisation credited: its name, whole */
        {"Centers for Disease Control and Prevention", "Centers for Disease Control and Prevention"},
        {"Center for Drug Evaluation and Research", "Center for Drug Evaluation and Research"},
        {"By Bank of England", "Bank of England"},
        {"Office of the Governor", "Office of the Governor"},
        {"National Institute of Mental Health", "National Institute of Mental Health"},
        {"Friends of the Earth", "Friends of the Earth"},
        {"Jane Doe of Reuters", "Jane Doe"},
        {"Jane Doe, Bank of England", "Jane Doe"},
        {"Editor of The Times", ""},
        /* a team's or a desk's credit: what the site calls its author;
         * an agency's staff is the agency's credit */
        {"TOI Lifestyle Desk", "TOI Lifestyle Desk"},
        {"Resy Staff", "Resy Staff"},
        {"By The Upwork Team", "The Upwork Team"},
        {"Great Day Editorial Team", "Great Day Editorial Team"},
        {"Reuters Staff", ""},
        /* no person in these */
        {"Staff", ""},
        {"Team", ""},
        {"admin", ""},
        {"AFP", ""},
        {"By The Associated Press", ""},
        {"Redacci\xC3\xB3n EFE", ""},
        {"@janedoe", ""},
        {"https://www.example.com/author/jdoe", ""},
        {"", ""},
        {"Written By ", ""},
        {"Administrator", ""},
        /* a template's field left as it was */
        {"Name", ""},
        {"page.head.extra.author", ""},
        {"{{ author.name }}", ""},
        {"%AUTHOR%", ""},
        {"post.author_name", ""},
        {"h.szeyee", "h.szeyee"},
        {"sara.r.peter", "sara.r.peter"},
        {"262588213843476", ""},
        {"byScott Miller", "Scott Miller"},
        {"Byron Smith", "Byron Smith"},
        /* an author list's joining "&" or "and", its first name set apart */
        {"& Zackery Cuevas", "Zackery Cuevas"},
        {"and Ann Lee", "Ann Lee"},
        {"Andrew Lee", "Andrew Lee"},
        /* credits for other work than the writing name no author */
        {"By Ann Lee | Photos by Tom Roe", "Ann Lee"},
        {"Medically reviewed by Tom Roe, MD", ""},
        {"Written by Ann Lee; fact-checked and edited by Tom Roe", "Ann Lee"},
        {"Photos and text by Ann Lee", "Ann Lee"},
        /* a name, then another's credit in the same text (an author box
         * with its reviewer's line), with or without a colon */
        {"Ann Lee Reviewed by Tom Roe", "Ann Lee"},
        {"Ann Lee Ann Lee Reviewed By: Tom Roe, PhD, CSCS", "Ann Lee"},
        {"Ann Lee Photos and video by Tom Roe", "Ann Lee"},
        {"Medically reviewed by: Tom Roe, MD", ""},
        {"Updated by Tom Roe", ""},
        {"Fact Checked", ""},
        {"Ann Lee | Fact Checked", "Ann Lee"},
        /* a label after the byline begins no name ("In:" its category) */
        {"Posted By: Kiersten \xC2\xB7 In: Sides", "Kiersten"},
        {"By Ann Lee | Tags: Weather", "Ann Lee"},
        /* an author box's links to accounts, as a screen reader names them */
        {"LinkedIn", ""},
        {"Twitter", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct nw_strv names = {0};
        meta_byline_names(cases[i][0], &names);
        char got[256] = "";
        for (size_t j = 0; j < names.n; j++) {
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", j ? "|" : "", names.v[j]);
            free(names.v[j]);
        }
        free(names.v);
        if (strcmp(got, cases[i][1]))
            fail_msg("byline \"%s\": got \"%s\", want \"%s\"", cases[i][0], got, cases[i][1]);
    }
    struct nw_strv two = {0};
    meta_byline_names("By Jane Doe and John Roe", &two);
    char *joined = meta_names_joined(&two);
    assert_string_equal(joined, "Jane Doe, John Roe");
    free(joined);
    for (size_t j = 0; j < two.n; j++)
        free(two.v[j]);
    free(two.v);
}

/* The language of news texts in 50 languages (tests/fixtures/lang). */
static void test_text_lang(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture_slurp(NW_FIXTURES "/lang/news.tsv", &len);
    size_t texts = 0, right = 0, langs = 0;
    char seen[64][4] = {{0}};
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        char *got = meta_text_lang(tab + 1);
        texts++;
        if (got && !strcmp(got, line))
            right++;
        else
            print_message("%s read as %s: %.60s...\n", line, got ? got : "nothing", tab + 1);
        free(got);
        size_t i = 0;
        while (i < langs && strcmp(seen[i], line))
            i++;
        if (i == langs && langs < 64)
            snprintf(seen[langs++], sizeof seen[0], "%s", line);
    }
    free(data);
    print_message("languages: %zu of %zu texts right, %zu languages\n", right, texts, langs);
    assert_true(langs >= 40);
    assert_true(right * 100 >= texts * 98);
}

/* The fixture's texts (tests/fixtures/lang/news.tsv), each rewritten by
 * `make` into t, read by meta_text_lang: how many of them keep their
 * language (the others printed, with `what`); *texts their count. */
static size_t lang_fixture_rewritten(void (*make)(struct nw_buf *t, const char *lang, const char *text),
                                     const char *what, size_t *texts)
{
    size_t len, right = 0;
    *texts = 0;
    char *data = fixture_slurp(NW_FIXTURES "/lang/news.tsv", &len);
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        struct nw_buf t = {0};
        make(&t, line, tab + 1);
        nw_buf_putc(&t, '\0');
        char *got = meta_text_lang(t.data);
        (*texts)++;
        if (got && !strcmp(got, line))
            right++;
        else
            print_message("%s (%s) read as %s\n", line, what, got ? got : "nothing");
        free(got);
        nw_buf_cleanup(&t);
    }
    free(data);
    print_message("%s: %zu of %zu texts right\n", what, right, *texts);
    return right;
}

/* each text five times, a line between every other */
static void repeated(struct nw_buf *t, const char *lang, const char *text)
{
    (void)lang;
    for (int i = 0; i < 5; i++) {
        nw_buf_puts(t, text);
        nw_buf_puts(t, i % 2 ? "\n\n" : " ");
    }
}

/* A text longer than what CLD2 reads is sampled at its start and its
 * middle, cut at character boundaries in any script: long texts of the
 * fixture (each one repeated, so that the middle falls inside a line) keep
 * their language, those without spaces between words included. */
static void test_text_lang_sampled(void **state)
{
    (void)state;
    size_t texts;
    size_t right = lang_fixture_rewritten(repeated, "long", &texts);
    assert_true(right * 100 >= texts * 98);
}

/* each text twice, then four lines of another script (English for
 * Chinese, Japanese and Korean, Chinese for the others) where its middle
 * is sampled, then twice again */
static void with_foreign_middle(struct nw_buf *t, const char *lang, const char *text)
{
    static const char zh[] = "\xe6\x9c\xba\xe5\x99\xa8\xe5\xad\xa6\xe4\xb9\xa0\xe6\x98\xaf\xe4\xb8\x80"
                             "\xe7\xa7\x8d\xe8\xae\xa9\xe8\xae\xa1\xe7\xae\x97\xe6\x9c\xba\xe4\xbb\x8e\xe6\x95"
                             "\xb0\xe6\x8d\xae\xe4\xb8\xad\xe5\xad\xa6\xe4\xb9\xa0\xe7\x9a\x84\xe6\x96\xb9\xe6"
                             "\xb3\x95\xef\xbc\x8c\xe5\xae\x83\xe4\xb8\x8e\xe4\xba\xba\xe5\xb7\xa5\xe6\x99\xba"
                             "\xe8\x83\xbd\xe5\x92\x8c\xe7\xbb\x9f\xe8\xae\xa1\xe5\xad\xa6\xe5\xaf\x86\xe5\x88"
                             "\x87\xe7\x9b\xb8\xe5\x85\xb3\xe3\x80\x82";
    static const char en[] = "Machine learning is a way of modelling data that lets a program answer questions it "
                             "was never given the answers to, and it is closely related to statistics.";
    bool cjk = !strncmp(lang, "zh", 2) || !strcmp(lang, "ja") || !strcmp(lang, "ko");
    for (int i = 0; i < 4; i++) {
        if (i == 2)
            for (int k = 0; k < 4; k++) {
                nw_buf_puts(t, cjk ? en : zh);
                nw_buf_puts(t, "\n\n");
            }
        nw_buf_puts(t, text);
        nw_buf_puts(t, "\n\n");
    }
}

/* A text with a passage in another script where its middle is sampled
 * (a few lines of Chinese in an English page, of English in a Chinese
 * one) keeps its language: a sample of two languages is no text's, and
 * the text's greater part is read then. */
static void test_text_lang_mixed(void **state)
{
    (void)state;
    size_t texts;
    size_t right = lang_fixture_rewritten(with_foreign_middle, "with a passage in another script", &texts);
    assert_true(right * 100 >= texts * 98);
}

/* The script of a declared language against a text's: the fixture's
 * texts (50 languages) under their own language never differ; under
 * English, those of another script than Latin do, and under Russian,
 * those of another than Cyrillic. A tag of no known language, a language
 * of several scripts, a text of several scripts, or no text: no
 * difference to tell. */
static void test_lang_script(void **state)
{
    (void)state;
    size_t len;
    char *data = fixture_slurp(NW_FIXTURES "/lang/news.tsv", &len);
    static const char *const latin =
        " af az ca cs da de en es et fi fr hr hu id it lt lv ms nb nl pl pt ro sk sl sq sv sw "
        "tl tr vi ";
    static const char *const cyrillic = " bg mk ru sr uk ";
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *text = tab + 1;
        char key[8];
        snprintf(key, sizeof key, " %s ", line);
        if (meta_lang_script_differs(line, text))
            fail_msg("a %s text differs from its own language", line);
        bool is_latin = strstr(latin, key), is_cyrillic = strstr(cyrillic, key);
        if (strcmp(line, "sr") && strcmp(line, "az") && meta_lang_script_differs("en-US", text) == is_latin)
            fail_msg("a %s text under en-US", line);
        if (strcmp(line, "sr") && strcmp(line, "az") && meta_lang_script_differs("ru", text) == is_cyrillic)
            fail_msg("a %s text under ru", line);
    }
    free(data);
    const char *en = "The city council decided on Tuesday to close the old bridge over the river.";
    assert_true(meta_lang_script_differs("kn", en));
    assert_true(meta_lang_script_differs("zh-Hant", en));
    assert_false(meta_lang_script_differs("x-klingon", en));
    assert_false(meta_lang_script_differs("sr", en));
    assert_false(meta_lang_script_differs("", en));
    assert_false(meta_lang_script_differs(NULL, en));
    assert_false(meta_lang_script_differs("ru", NULL));
    assert_false(meta_lang_script_differs("ru", "Bridge closed")); /* too few letters */
    assert_false(
        meta_lang_script_differs("en", "The council said: городской совет решил закрыть старый мост через реку"));
    /* a short page under its template's language of another script */
    static const char page[] =
        "<html lang=\"en-US\"><head><title>Мост закрыт</title></head><body><article>"
        "<h1>Мост закрыт</h1><p>Городской совет во вторник решил закрыть старый мост через "
        "реку после того, как инженеры нашли трещины в двух его опорах.</p></article></body></html>";
    struct nw_err err = {0};
    json_t *a = article_extract(page, strlen(page), "https://e.example/most", NULL, &err);
    assert_non_null(a);
    assert_true(nw_json_int(a, "word_count", 0) < LANG_MIN_WORDS);
    assert_string_equal(nw_json_str(a, "lang"), "ru");
    json_decref(a);
}

/* each text with a web or mail address after every eighth word */
static void with_addresses(struct nw_buf *t, const char *lang, const char *text)
{
    (void)lang;
    static const char *const addresses[] = {"https://example.com/news/2025/03/story-1234.html", "www.example.org",
                                            "desk@example.net", "(http://cdn.example.com/a/b?utm_source=feed)"};
    size_t words = 0, added = 0;
    for (const char *p = text; *p; p++) {
        nw_buf_putc(t, *p);
        if (*p == ' ' && ++words % 8 == 0) {
            nw_buf_puts(t, addresses[added++ % 4]);
            nw_buf_putc(t, ' ');
        }
    }
}

/* Web and mail addresses in a text are no language's words: the
 * fixture's texts with an address after every eighth word (a link, a
 * "www." name, a mail address, in turn) keep their language. CLD2 read
 * their letters as a run of English beside a text in another script and
 * was no longer sure of Persian, Urdu or Romanian. */
static void test_text_lang_addresses(void **state)
{
    (void)state;
    size_t texts;
    size_t right = lang_fixture_rewritten(with_addresses, "with addresses", &texts);
    assert_true(right * 100 >= texts * 98);
}

/* A byte the declared charset does not define is U+FFFD and the rest of
 * the page is read (libxml2's own decoding stopped at it). */
static void test_undefined_bytes(void **state)
{
    (void)state;
    static const char *const charsets[] = {"windows-1252", "gb2312", "big5", "iso-2022-jp"};
    for (size_t i = 0; i < sizeof charsets / sizeof *charsets; i++) {
        char page[600];
        snprintf(page, sizeof page,
                 "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\"><title>T</title>"
                 "</head><body><div><p>The first paragraph holds a byte \x81\x81 that the charset lacks, then goes "
                 "on, with commas, and more words.</p><p>A second paragraph, which is also long enough to count as "
                 "prose in the article.</p></div></body></html>",
                 charsets[i]);
        expect_text(page, strlen(page), NULL, HAS("then goes on", "second paragraph"), NULL);
    }
}

/* A page that says UTF-8 (its <meta>, or its server) and is not is read
 * as its bytes say: in windows-1252 whole ("\x97" a dash, not U+FFFD), or
 * UTF-8 with a windows-1252 quote pasted in. A long page whose first
 * 256 KiB are ASCII markup is guessed from its text, after them. */
static void test_page_not_what_it_says(void **state)
{
    (void)state;
    const char *body = "<body><div><p>The mayor\x92s office said the plan\x97"
                       "approved on Tuesday\x97would cost "
                       "\x80"
                       "12 million, and the caf\xe9 owners were pleased.</p><p>A second paragraph, which is "
                       "also long enough to count as prose in the article, na\xef"
                       "ve or not.</p></div></body></html>";
    char page[2048];
    snprintf(page, sizeof page, "<html><head><meta charset=\"utf-8\"><title>T</title></head>%s", body);
    expect_text(page, strlen(page), NULL,
                HAS("mayor\xE2\x80\x99s office",
                    "plan\xE2\x80\x94"
                    "approved",
                    "\xE2\x82\xAC"
                    "12 million",
                    "caf\xC3\xA9 owners", "na\xC3\xAFve"),
                LACKS("\xEF\xBF\xBD"));
    snprintf(page, sizeof page, "<html><head><title>T</title></head>%s", body);
    struct nw_err err = {0};
    json_t *o = article_extract(page, strlen(page), "https://e.example/a", "text/html; charset=UTF-8", &err);
    assert_non_null(o);
    assert_non_null(strstr(nw_json_str(o, "text"), "plan\xE2\x80\x94"
                                                   "approved"));
    json_decref(o);
    /* UTF-8, but for one windows-1252 quote */
    snprintf(page, sizeof page,
             "<html><head><meta charset=\"utf-8\"><title>T</title></head><body><div><p>The caf\xC3\xA9\x92s owners "
             "said the plan \xE2\x80\x94 approved on Tuesday \xE2\x80\x94 would cost more, with commas, and "
             "more.</p><p>A second paragraph, which is also long enough to count as prose in the article.</p>"
             "</div></body></html>");
    expect_text(page, strlen(page), NULL, HAS("caf\xC3\xA9\xE2\x80\x99s owners", "plan \xE2\x80\x94 approved"),
                LACKS("\xEF\xBF\xBD"));
    /* in windows-1251, said to be UTF-8 */
    const char *cyr = "<div><p>\xcf\xf0\xe0\xe2\xe8\xf2\xe5\xeb\xfc\xf1\xf2\xe2\xee \xee\xe4\xee\xe1\xf0"
                      "\xe8\xeb\xee \xed\xee\xe2\xfb\xe9 \xe1\xfe\xe4\xe6\xe5\xf2 \xed\xe0 \xf1\xeb\xe5\xe4"
                      "\xf3\xfe\xf9\xe8\xe9 \xe3\xee\xe4, \xf1\xee\xee\xe1\xf9\xe8\xeb \xec\xe8\xed\xe8"
                      "\xf1\xf2\xf0 \xf4\xe8\xed\xe0\xed\xf1\xee\xe2 \xe2 \xf1\xf0\xe5\xe4\xf3.</p><p>\xc2"
                      "\xf2\xee\xf0\xee\xe9 \xe0\xe1\xe7\xe0\xf6 \xf2\xe5\xea\xf1\xf2\xe0 \xe4\xee\xf1\xf2"
                      "\xe0\xf2\xee\xf7\xed\xee \xe4\xeb\xe8\xed\xed\xfb\xe9, \xf7\xf2\xee\xe1\xfb \xf1"
                      "\xf7\xe8\xf2\xe0\xf2\xfc\xf1\xff \xf1\xf2\xe0\xf2\xfc\xe5\xe9.</p></div></body></html>";
    const char *ru = "\xD0\x9F\xD1\x80\xD0\xB0\xD0\xB2\xD0\xB8\xD1\x82\xD0\xB5\xD0\xBB\xD1\x8C\xD1\x81\xD1"
                     "\x82\xD0\xB2\xD0\xBE \xD0\xBE\xD0\xB4\xD0\xBE\xD0\xB1\xD1\x80\xD0\xB8\xD0\xBB\xD0\xBE";
    snprintf(page, sizeof page, "<html><head><meta charset=\"utf-8\"><title>T</title></head><body>%s", cyr);
    expect_text(page, strlen(page), NULL, HAS(ru), LACKS("\xEF\xBF\xBD"));
    /* 300 KiB of ASCII markup before a text in windows-1252, or 1251, no label */
    struct nw_buf big = {0};
    nw_buf_puts(&big, "<html><head><title>T</title></head><body>");
    while (big.len < 300 * 1024)
        nw_buf_puts(&big, "<div class=\"nav\"><a href=\"/section/one\">One</a></div>\n");
    nw_buf_puts(&big, body + strlen("<body>"));
    expect_text(big.data, big.len, NULL,
                HAS("plan\xE2\x80\x94"
                    "approved",
                    "caf\xC3\xA9 owners"),
                LACKS("\xEF\xBF\xBD"));
    big.len -= strlen(body + strlen("<body>"));
    nw_buf_puts(&big, cyr);
    expect_text(big.data, big.len, NULL, HAS(ru), LACKS("\xEF\xBF\xBD"));
    nw_buf_cleanup(&big);
}

/* A story of four paragraphs and five cards of other posts after it,
 * each card's excerpt ending as ends[i] says, with extra (markup) between
 * its picture and its excerpt. */
static void excerpts_page(struct nw_buf *page, const char *extra, const char *const ends[5])
{
    nw_buf_puts(page, "<html><head><title>Only those who love themselves</title></head><body><div>"
                      "<h1>Only those who love themselves</h1>");
    for (int i = 0; i < 4; i++)
        nw_buf_puts(page, "<p>Living a true experience of love is one of the greatest pleasures of life, and "
                          "liking is feeling with the soul, while expressing the feelings depends on each one "
                          "of us and on the ideas we hold about ourselves.</p>");
    nw_buf_puts(page, "<div><h3>You may also like</h3>");
    for (int i = 0; i < 5; i++)
        nw_buf_printf(page,
                      "<div><a href=\"/post-%d\"><img src=\"/p%d.jpg\"></a>%s<p>Life asks us for optimism and courage "
                      "to hope for the best and make the best happen, pessimism only freezes the smile, what we need "
                      "to learn is not to complain at the first fall, %s</p></div>",
                      i, i, extra, ends[i]);
    nw_buf_puts(page, "</div></div></body></html>");
}

/* Excerpts of other posts after the story, within its element (as a
 * blog theme puts them), in <div>s of one shape with no telling names,
 * half of them or more ending cut ("…", "[...]", "... Read more"), are left out; a story
 * whose paragraphs trail off is kept whole. */
static void test_cut_excerpts(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    static const char *const ends[] = {"to fight again \xE2\x80\xA6", "a quote's author", "on the way [...]",
                                       "an old proverb", "and then \xE2\x80\xA6"};
    excerpts_page(&page, "<div><a href=\"/share\">Share</a></div>", ends);
    expect_text(page.data, page.len, "https://e.example/love", HAS("greatest pleasures of life"),
                LACKS("optimism and courage"));
    nw_buf_cleanup(&page);
    /* cut, then a link's few words ("... Read more", "… [Weiterlesen]") */
    static const char *const linked[] = {"to fight again... <a href=\"/1\">Read more</a>", "a quote's author",
                                         "on the way \xE2\x80\xA6 [<a href=\"/3\">Weiterlesen</a>]", "an old proverb",
                                         "and then ... <a href=\"/5\">Continue reading</a>"};
    excerpts_page(&page, "", linked);
    expect_text(page.data, page.len, "https://e.example/love", HAS("greatest pleasures of life"),
                LACKS("optimism and courage"));
    nw_buf_cleanup(&page);
    /* the page indented (a blank text between every two elements) is
     * the same page: a text's words are counted once, not with the texts
     * and elements after it */
    excerpts_page(&page, "", ends);
    struct nw_buf indented = {0};
    for (const char *p = page.data; *p; p++) {
        if (*p == '<' && p[1] != '/' && p != page.data)
            nw_buf_puts(&indented, "\n                    ");
        nw_buf_putc(&indented, *p);
    }
    expect_text(indented.data, indented.len, "https://e.example/love", HAS("greatest pleasures of life"),
                LACKS("optimism and courage"));
    nw_buf_cleanup(&indented);
    nw_buf_cleanup(&page);
    /* paragraphs that trail off are the story's */
    const char *trail = "<html><body><div><h1>Waiting</h1><p>We waited at the station for the train that never "
                        "came, and the night grew colder as the hours went by, and nobody on the platform spoke a "
                        "word to anyone else.</p><div><p>The lights flickered...</p><p>The clock kept its slow "
                        "count...</p><p>The rails began to sing...</p></div><div><div>A dog barked... then "
                        "nothing.</div><div>A door slammed... and again.</div><div>The wind rose... and fell.</div>"
                        "</div><p>Years later, none of us could say how "
                        "long the wait had been, only that we had waited together, and that the night had seemed to "
                        "have no end at all, and then the train came in.</p><p>It was the last train of the year, and "
                        "it took us home through the snow, the fields white and silent on both sides of the line.</p>"
                        "</div></body></html>";
    expect_text(trail, strlen(trail), NULL,
                HAS("never came", "kept its slow count", "rails began to sing", "A dog barked", "The wind rose",
                    "through the snow"),
                NULL);
}

static void test_not_html_and_minimal(void **state)
{
    (void)state;
    struct nw_err err = {0};
    const char *page = "<html><head><title>T</title></head><body><div><p>One paragraph of text, long enough to be "
                       "kept as the article body, with commas, and more words.</p><p>A second paragraph, which is "
                       "also long enough to count as prose in the article.</p></div></body></html>";
    json_t *o = article_extract(page, strlen(page), NULL, NULL, &err);
    assert_non_null(o);
    assert_non_null(strstr(nw_json_str(o, "text"), "second paragraph"));
    assert_true(json_is_null(json_object_get(o, "url")));
    assert_true(nw_json_int(o, "word_count", 0) > 20);
    json_decref(o);
    /* a root that calls itself hidden is still the root (it was freed
     * under the extractor's feet once) */
    page = "<html hidden><body><p>Short text here.</p></body></html>";
    o = article_extract(page, strlen(page), NULL, NULL, &err);
    assert_non_null(o);
    assert_string_equal(nw_json_str(o, "text"), "Short text here.");
    json_decref(o);
}

/* Content hidden until found (an accordion's answers, revealed by the
 * browser's find-in-page) is the page's; hidden content is not. */
static void test_hidden_until_found(void **state)
{
    (void)state;
    const char *page =
        "<html><head><title>T</title></head><body><article><h1>Budget questions</h1><p>The council voted on "
        "Tuesday to approve the budget, after a long debate about schools, roads, and the cost to residents.</p>"
        "<h2>What does it fund?</h2><div hidden=\"until-found\"><p>Three new school buses and the repair of the "
        "bridge over the river, closed since the floods.</p></div><div hidden><p>Subscribe to our newsletter for "
        "more stories like this one, every morning.</p></div></article></body></html>";
    expect_text(page, strlen(page), NULL, HAS("Three new school buses"), LACKS("Subscribe"));

    /* the panels of an accordion (a button, or a role=button, naming them
     * in aria-controls) and of tabs are hidden until the reader opens
     * them: part of the page; a hidden box no button opens is not */
    for (int kind = 0; kind < 3; kind++) {
        static const char *const opener[] = {
            "<button aria-expanded=\"false\" aria-controls=\"a1 a2\">What does it fund?</button>",
            "<a id=\"h1\" tabindex=\"0\" role=\"button\" aria-controls=\"a2\">What does it fund?</a>",
            "<div role=\"tablist\"><div role=\"tab\" aria-selected=\"false\" "
            "aria-controls=\"a2\">Funding</div></div>"};
        char buf[2048];
        snprintf(buf, sizeof buf,
                 "<html><head><title>T</title></head><body><article><h1>Budget questions</h1><p>The council voted "
                 "on Tuesday to approve the budget, after a long debate about schools, roads, and the cost to "
                 "residents.</p>%s<div id=\"a2\" style=\"display:none;\" role=\"region\"><p>Three new school "
                 "buses and the repair of the bridge over the river, closed since the floods.</p></div><div "
                 "id=\"x\" style=\"display: none\"><p>Subscribe to our newsletter for more stories like this "
                 "one, every morning.</p></div></article></body></html>",
                 opener[kind]);
        expect_text(buf, strlen(buf), NULL, HAS("Three new school buses"), LACKS("Subscribe"));
    }
}

/* A <noscript> is the page as served without scripts: kept when it holds
 * most of the page's prose (a forum's posts), dropped otherwise (an
 * "enable JavaScript" line beside the article). */
static void test_noscript(void **state)
{
    (void)state;
    const char *app =
        "<html><head><title>Thread</title></head><body><div id='app'>Loading</div><noscript>"
        "<div class='posts'><div class='post'><p>The first post of the thread explains the problem in "
        "detail, with enough words to read as prose, and a comma or two.</p></div>"
        "<div class='post'><p>A reply says the same thing happened to them, and gives a workaround "
        "that fixed it, in a sentence long enough to count.</p><p>A third paragraph thanks the first poster and "
        "asks whether the fix still holds after the latest update of the software.</p></div></div>"
        "</noscript></body></html>";
    expect_text(app, strlen(app), NULL, HAS("first post of the thread", "workaround"), NULL);
    const char *page = "<html><head><title>T</title></head><body><noscript><p>Please enable JavaScript to see "
                       "the comments on this page.</p></noscript><div><p>One paragraph of text, long enough to be "
                       "kept as the article body, with commas, and more words to make it prose.</p><p>A second "
                       "paragraph, which is also long enough to count as prose in the article, and then some "
                       "more words, because the article is what holds most of this page.</p></div></body></html>";
    expect_text(page, strlen(page), NULL, HAS("second paragraph"), LACKS("JavaScript"));
}

/* A story's figure captions are not its text; a gallery's captions are
 * all the text it has, and are its body. */
static void test_gallery_captions(void **state)
{
    (void)state;
    static const char *const caps[] = {
        "Crowds gather in the main square before dawn to watch the first boats of the regatta leave the harbour.",
        "A rower from the northern club lifts her oar as her crew passes the old lighthouse at the halfway mark.",
        "Spectators on the harbour wall shelter from a sudden shower, umbrellas open, while the leaders turn.",
        "The winning crew carries its boat up the slipway, watched by families who came from across the region.",
        "Volunteers fold the flags and stack the buoys as the sun sets over the emptied harbour in the evening.",
    };
    char page[8192];
    size_t n = (size_t)snprintf(page, sizeof page,
                                "<html><head><title>In pictures: the regatta</title></head><body><nav><a href='/'>Home"
                                "</a> <a href='/sport'>Sport</a></nav><main><h1>In pictures: the regatta</h1>");
    for (size_t i = 0; i < 5; i++)
        n += (size_t)snprintf(page + n, sizeof page - n,
                              "<figure><img src='/p%zu.jpg' alt=''><figcaption>%s</figcaption>"
                              "</figure>",
                              i, caps[i]);
    snprintf(page + n, sizeof page - n, "</main><footer><a href='/about'>About us</a></footer></body></html>");
    expect_text(page, strlen(page), NULL, HAS("first boats of the regatta", "emptied harbour"), LACKS("About us"));
    n = (size_t)snprintf(page, sizeof page,
                         "<html><head><title>The regatta</title></head><body><main><h1>The regatta</h1><figure><img "
                         "src='/p.jpg' alt=''><figcaption>%s</figcaption></figure>",
                         caps[0]);
    for (size_t i = 0; i < 4; i++)
        n += (size_t)snprintf(page + n, sizeof page - n,
                              "<p>The regatta drew more boats than ever this year, the organisers said, and the crews "
                              "came from %zu clubs along the coast, some of them rowing for the first time.</p>",
                              i + 12);
    snprintf(page + n, sizeof page - n, "</main></body></html>");
    expect_text(page, strlen(page), NULL, HAS("more boats than ever"), LACKS("Crowds gather"));
}

/* The tree this parser builds for a <button> or <nav> that is never closed
 * holds the rest of the page; a streaming renderer's hidden container holds
 * the whole article: neither is furniture when it holds most of the
 * page's prose. */
static void test_body_inside_furniture(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "<html><head><title>T</title></head><body><header><button class='menu'>Menu<div class='story'>",
        "<html><head><title>T</title></head><body><div>Loading</div><div hidden id='S:0'><div class='story'>",
    };
    for (size_t i = 0; i < 2; i++) {
        char page[4096];
        snprintf(page, sizeof page,
                 "%s<p>The council voted on Tuesday to close the old bridge, which has carried traffic over the "
                 "river since 1931, after engineers found cracks in two of its piers.</p><p>Repairs would cost "
                 "more than a new crossing, the engineers said, and the work would take at least three years, "
                 "during which the bridge would be closed anyway.</p><p>Residents who cross the river every day "
                 "asked the council to run a ferry in the meantime, and the mayor said the city would look at the "
                 "cost of a temporary service before the next meeting of the council in March.</p><p>Shops on both "
                 "banks fear a long closure, and their association wants the council to help them through it.</p>"
                 "</div>"
                 "</body></html>",
                 pages[i]);
        expect_text(page, strlen(page), NULL, HAS("old bridge", "new crossing"), NULL);
    }
}

/* A page that ends its body before its end ("</body></html>" of an
 * included template, then more of the page): an HTML5 parser reads those
 * end tags as nothing, and the rest is the body's, in the elements open
 * there; libxml2 put it after the body, in a second <html>, where it was
 * never read, or (closing every element) after the page's last words. */
static void test_body_ended_early(void **state)
{
    (void)state;
    static const char *const ends[] = {"</body></html>", "</html>", "</body>", "</BODY >\n<!-- x --></HTML>"};
    for (size_t i = 0; i < 4; i++) {
        /* in the middle of a paragraph: the paragraph and the story go on */
        char page[4096];
        snprintf(page, sizeof page,
                 "<html><head><title>T</title></head><body><header><a href='/'>Home</a></header><div><article>"
                 "<p>The council voted on Tuesday to close the old bridge, which has carried traffic over the "
                 "river since 1931, after engineers found cracks in two of its piers.</p><p>Repairs would cost "
                 "more than a new crossing, %s the engineers said, and the work would take at least three years."
                 "</p><p>Residents who cross the river every day asked the council to run a ferry in the meantime, "
                 "and the mayor said the city would look at the cost of a temporary service.</p><p>Shops on both "
                 "banks fear a long closure, and their association wants the council to help them through it.</p>"
                 "</article></div><footer>Copyright</footer></body></html>",
                 ends[i]);
        expect_text(page, strlen(page), NULL,
                    HAS("new crossing, the engineers said", "three years.\n\nResidents", "long closure"),
                    LACKS("Home", "Copyright"));
    }
    for (size_t i = 0; i < 4; i++) {
        char page[4096];
        snprintf(page, sizeof page,
                 "<html><head><title>T</title></head><body><header><a href='/'>Home</a></header><article>"
                 "<p>The council voted on Tuesday to close the old bridge, which has carried traffic over the "
                 "river since 1931, after engineers found cracks in two of its piers.</p><p>Repairs would cost "
                 "more than a new crossing, the engineers said, and the work would take at least three years.</p>"
                 "%s<p>Residents who cross the river every day asked the council to run a ferry in the meantime, "
                 "and the mayor said the city would look at the cost of a temporary service.</p><p>Shops on both "
                 "banks fear a long closure, and their association wants the council to help them through it.</p>"
                 "</article><footer>Copyright</footer></body></html>",
                 ends[i]);
        expect_text(page, strlen(page), NULL, HAS("old bridge", "temporary service", "long closure"), NULL);
    }
}

/* A story of five paragraphs in <main><article>, the text given for its
 * %s put between the second paragraph and the third (the tests of links
 * and of faults). */
static const char bridge_story[] =
    "<main><article><h1>Bridge to close</h1><p>The council voted on Tuesday to close the old bridge, which has "
    "carried traffic over the river since 1931, after engineers found cracks in two of its piers and said "
    "that the cracks had grown since the last inspection in the spring.</p><p>Repairs would cost more than a "
    "new crossing, the engineers said, and the work would take at least three years, during which the bridge "
    "would be closed anyway, so the council chose to plan a new crossing instead.</p>%s<p>Residents who cross "
    "the river every day asked the council to run a ferry in the meantime, and the mayor said the city would "
    "look at the cost of a temporary service before the next meeting of the council in March.</p><p>Shops on "
    "both banks fear a long closure, and their association wants the council to help them through it with "
    "lower rents in the city's own buildings and signs that show drivers the way to the other bridges.</p>"
    "<p>The new crossing would open in four years at the earliest, the council said, and it would carry a "
    "lane for bicycles and a wider path for those who walk to work.</p></article></main>";

/* A page of bridge_story (mid in its slot) under a header holding
 * header (fault in its %s) and above a footer: its text holds the whole
 * story and none of lacks. */
static void expect_story_under(const char *header, const char *fault, const char *mid, const char *const *lacks)
{
    char story[4096], head[1024], page[8192];
    snprintf(story, sizeof story, bridge_story, mid);
    snprintf(head, sizeof head, header, fault);
    snprintf(page, sizeof page,
             "<html><head><title>T</title></head><body><header>%s</header>%s<footer>Copyright</footer></body></html>",
             head, story);
    expect_text(page, strlen(page), NULL, HAS("old bridge", "temporary service", "wider path"), lacks);
}

/* A row or a cell outside any table (a template's leftover in a menu's
 * icon): an HTML5 parser reads it as nothing; in libxml2's tree it took
 * the rest of the page, story and all, into the menu's link. */
static void test_stray_table_part(void **state)
{
    (void)state;
    static const char *const parts[] = {"<tr>", "<td class='cell'>", "<tbody>", "<th>"};
    for (size_t i = 0; i < 4; i++)
        expect_story_under("<nav class='menu'><ul><li><a href='/yt'><i-icon class='icon'>%s<svg><use href='#yt'>"
                           "</use></svg></i-icon></a></li><li><a href='/b'>Local</a></li></ul></nav>",
                           parts[i], "", LACKS("Local", "Copyright"));
}

/* An element of HTML's left in a drawing (a <div> in a logo's <path>)
 * ends the drawing, as an HTML5 parser reads it: in libxml2's tree the
 * rest of the page, story and all, was a drawing's, and not read. What an
 * SVG <title>, <desc> or <foreignObject> holds stays in the drawing. */
static void test_block_in_drawing(void **state)
{
    (void)state;
    static const char *const faults[] = {"<div>", "<p class='x'>", "<span>", "<ul><li>", ""};
    for (size_t i = 0; i < 5; i++)
        /* (the last: no fault, and a drawing in the story) */
        expect_story_under("<a href='/'><h1><svg viewBox='0 0 9 9'><title>Logo</title><g><path d='M0 0'>%s</path></g>"
                           "<foreignObject><div>Drawn words</div></foreignObject></svg></h1></a>",
                           faults[i],
                           i < 4 ? ""
                                 : "<svg><title>Map</title><foreignObject><div>Drawn words</div></foreignObject></svg>",
                           LACKS("Logo", "Copyright", "Drawn words", "Map"));
}

/* A link is a line or a card: one that holds blocks of a page's length is
 * the rest of the page, taken in by a link left open (a menu's <a> whose
 * list a stray <div> kept from closing, in this parser's tree), and its
 * words are the page's prose, not a link's. A card of a few lines stays a
 * link. */
static void test_link_holding_page(void **state)
{
    (void)state;
    char story[4096];
    snprintf(story, sizeof story, bridge_story, "");
    char page[8192];
    snprintf(page, sizeof page,
             "<html><head><title>T</title></head><body><header><nav><ul><li><a href='/x'>Local<div "
             "class='drop'></a></li></ul></nav></header>%s<footer>Copyright</footer></body></html>",
             story);
    expect_text(page, strlen(page), NULL, HAS("old bridge", "temporary service", "wider path"), NULL);
    /* a card: a link around a heading and a teaser, among others */
    snprintf(page, sizeof page,
             "<html><head><title>T</title></head><body>%s<aside><h2>More</h2><a href='/a'><div><h3>Ferry plan</h3>"
             "<p>The mayor will look at the cost of a ferry.</p></div></a><a href='/b'><div><h3>Shops fear "
             "closure</h3><p>Traders on both banks want help.</p></div></a></aside></body></html>",
             story);
    expect_text(page, strlen(page), NULL, HAS("old bridge", "wider path"), LACKS("Traders on both banks"));
    /* a card of a list of a hundred countries holds no sentence: a card
     * still, and a listing of such cards is the listing, not one card */
    static const char *const countries[] = {"Andorra",  "Albania",    "Argentina", "Austria", "Australia",   "Belgium",
                                            "Bolivia",  "Brazil",     "Belize",    "Canada",  "Switzerland", "Chile",
                                            "Colombia", "Costa Rica", "Cyprus",    "Czechia", "Germany",     "Denmark",
                                            "Estonia",  "Spain",      "Finland",   "France",  "Greece",      "Croatia"};
    struct nw_buf b = {0};
    nw_buf_puts(&b, "<html><head><title>Remote jobs</title></head><body><header><a href='/'>Jobs board</a>"
                    "</header><main><h1>Remote jobs</h1>");
    for (int i = 0; i < 12; i++) {
        nw_buf_printf(&b,
                      "<a href='/jobs/%d'><div><h3>Senior developer number %d</h3><span>Company %d, remote, "
                      "full time</span><ul>",
                      i, i, i);
        for (int k = 0; k < (i ? 2 : 150); k++)
            nw_buf_printf(&b, "<li>%s</li>", countries[k % 24]);
        nw_buf_puts(&b, "</ul></div></a>");
    }
    nw_buf_puts(&b, "</main><footer>Copyright</footer></body></html>");
    expect_text(b.data, b.len, NULL, HAS("number 0", "number 11"), NULL);
    nw_buf_cleanup(&b);
}

/* A fault in a page's markup (a tag left open or closed twice) before its
 * story, in its menu or in one of its menu's links, leaves the story's text
 * whole, as a browser shows it; so does one between the story's paragraphs,
 * but for an element that ends the story's text in this reading and not
 * in a browser's (an unclosed <nav>, <aside> or <footer> there, which the
 * rescue of furniture holding most of a page misses when it holds three
 * of five paragraphs; a <select>, whose text a browser does not show
 * either). */
static void test_fault_before_story(void **state)
{
    (void)state;
    static const char *const faults[] = {
        "<div>",    "</div>",   "<nav>",          "<button>", "<a href='/x'>", "</p>",     "<form>",
        "<li>",     "<span>",   "</section>",     "<h1>",     "<p><div>",      "</body>",  "</html>",
        "<aside>",  "<footer>", "</ul>",          "<ul>",     "<b>",           "<header>", "<table>",
        "<select>", "<tr>",     "<td class='x'>", "<object>",
    };
    /* where: in a submenu, in a menu's link, after the menu, mid-story */
    static const char *const menus[] = {
        "<header><nav class='menu'><ul><li><a href='/a'>News</a><ul class='sub'>%s<li><a href='/b'>Local</a></li>"
        "</ul></li><li><a href='/c'>Sport</a></li></ul></nav></header>",
        "<header><nav class='menu'><ul><li><a href='/a'>News%s</a></li><li><a href='/c'>Sport</a></li></ul></nav>"
        "</header>",
        "<header><nav class='menu'><ul><li><a href='/a'>News</a></li></ul></nav></header>%s",
        "<header><nav class='menu'><ul><li><a href='/a'>News</a></li></ul></nav></header>",
    };
    for (size_t m = 0; m < 4; m++)
        for (size_t f = 0; f < sizeof faults / sizeof *faults; f++) {
            const char *fl = faults[f];
            if (m == 3 && (strstr(fl, "nav") || strstr(fl, "aside") || strstr(fl, "footer") || strstr(fl, "select")))
                continue;
            char menu[512], body[4096], page[8192];
            snprintf(menu, sizeof menu, menus[m], m < 3 ? fl : "");
            snprintf(body, sizeof body, bridge_story, m == 3 ? fl : "");
            snprintf(page, sizeof page,
                     "<html><head><title>T</title></head><body>%s%s<footer>Copyright</footer>"
                     "</body></html>",
                     menu, body);
            expect_text(page, strlen(page), NULL, HAS("old bridge", "temporary service", "wider path"), NULL);
        }
}

/* A modal dialog lies over the page, never around its body, however much
 * text it holds: a store's policies in one chose the body of its product
 * pages. So does a popover. */
static void test_modal_dialog(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>Wool Runner</title></head><body><main><h1>Wool Runner</h1>"
                       "<p>A true original, our runner combines soft wool with a light sole for every day.</p>"
                       "<p>Machine washable, and made from renewable materials wherever we could.</p></main>"
                       "<footer><a aria-controls='modal-privacy'>Privacy policy</a>"
                       "<div id='modal-privacy' role='dialog' aria-modal='true' class='fixed inset-0'><h2>Privacy "
                       "policy</h2>");
    for (int i = 0; i < 40; i++)
        nw_buf_puts(&page, "<p>We process personal information for our legitimate purposes of running our business "
                           "and complying with applicable laws, as this policy explains in its sections.</p>");
    nw_buf_puts(&page, "</div></footer></body></html>");
    expect_text(page.data, page.len, NULL, HAS("true original"), LACKS("personal information"));
    /* a popover (the popover attribute) is shown only when asked for: the
     * same as a modal */
    char *at = strstr(page.data, "<div id='modal-privacy'");
    assert_non_null(at);
    page.len = (size_t)(at - page.data);
    page.data[page.len] = '\0';
    nw_buf_puts(&page, "<i-card id='privacy' popover class='card'><h2>Privacy policy</h2>");
    for (int i = 0; i < 40; i++)
        nw_buf_puts(&page, "<p>We process personal information for our legitimate purposes of running our business "
                           "and complying with applicable laws, as this policy explains in its sections.</p>");
    nw_buf_puts(&page, "</i-card></footer></body></html>");
    expect_text(page.data, page.len, NULL, HAS("true original"), LACKS("personal information"));
    nw_buf_cleanup(&page);
}

/* Labels of ad slots inside the body go, in any language, case or
 * framing; a sentence that speaks of advertisements and a heading
 * "Advertising" stay. So does what the page marks as no content for
 * search engines (class robots-nocontent, a plugin's notice), but not a
 * class that merely holds the word ("search-nocontent"). */
static void test_ad_labels(void **state)
{
    (void)state;
    static const char *const labels[] = {
        "Anzeige",    "- Advertisement -", "ADVERTISEMENT",  "PUBLICITÉ",
        "Publicidad", "[Реклама]",         "· Pubblicità ·", "Story continues below advertisement",
        "広告",       "Διαφήμιση",         "Advert",         "- ADVERT -"};
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        assert_true(html_is_ad_label(labels[i], strlen(labels[i])));
    static const char *const not_labels[] = {"Advertising", "Sponsored", "Ad", "The advertisement ran for weeks.",
                                             "Anzeigen",    ""};
    for (size_t i = 0; i < sizeof not_labels / sizeof *not_labels; i++)
        assert_false(html_is_ad_label(not_labels[i], strlen(not_labels[i])));
    /* in a text: the label's line and its blank line go, the rest stays as it was */
    char text[] = "First paragraph.\n\nADVERTISEMENT\n\nSecond paragraph,\nits second line.\n\n- Anzeige -";
    assert_string_equal(html_drop_ad_lines(text), "First paragraph.\n\nSecond paragraph,\nits second line.");
    char plain[] = "No label here.\n\n\nAdvertising\nsells.";
    assert_string_equal(html_drop_ad_lines(plain), "No label here.\n\n\nAdvertising\nsells.");
    char only[] = "Reklama";
    assert_string_equal(html_drop_ad_lines(only), "");
    char page[4096];
    snprintf(page, sizeof page,
             "<html><head><title>Old bridge to close</title></head><body><article><p>The council voted on Tuesday to "
             "close the old "
             "bridge, which has carried traffic over the river since 1931, after engineers found cracks in two of "
             "its piers.</p><div class='slot'><span>- Anzeige -</span></div><p>Repairs would cost more than a new "
             "crossing, the engineers said, and the work would take at least three years.</p><p>ADVERTISEMENT</p>"
             "<p class='jetpack-slideshow-noscript robots-nocontent'>This slideshow requires JavaScript.</p>"
             "<div class='search-nocontent'><p>The ferry will run every hour from the old landing.</p></div>"
             "<h2>Advertising</h2><p>The advertisement for the ferry ran in the local paper for weeks, and the "
             "mayor said the city would look at the cost of a temporary service.</p></article></body></html>");
    struct nw_err err = {0};
    json_t *o = article_extract(page, strlen(page), NULL, NULL, &err);
    assert_non_null(o);
    const char *t = nw_json_str(o, "text");
    static const char *const kept[] = {"Advertising", "The advertisement for the ferry", "new crossing",
                                       "every hour from the old landing"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        assert_non_null(strstr(t, kept[i]));
    assert_null(strstr(t, "Anzeige"));
    assert_null(strstr(t, "ADVERTISEMENT"));
    assert_null(strstr(t, "slideshow"));
    json_decref(o);
}

/* A paragraph that shows nothing (a page builder's "<p>&zwj;</p>"
 * spacer, a direction mark, no-break spaces) is no line of the text; a
 * joiner inside words is kept. */
static void test_paragraphs_showing_nothing(void **state)
{
    (void)state;
    static const char *const none[] = {"\xe2\x80\x8d", " \xe2\x80\x8c \xe2\x80\x8f", "\xc2\xa0\xc2\xa0",
                                       "\xef\xbb\xbf"};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++)
        assert_true(html_draws_nothing(none[i], strlen(none[i])));
    static const char *const some[] = {"a", "\xe2\x80\x8d.", "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb", "-"};
    for (size_t i = 0; i < sizeof some / sizeof *some; i++)
        assert_false(html_draws_nothing(some[i], strlen(some[i])));
    char text[] = "First.\n\n\xe2\x80\x8d\n\nSecond.\n\xc2\xa0";
    assert_string_equal(html_drop_ad_lines(text), "First.\n\nSecond.");
    char page[4096];
    snprintf(page, sizeof page,
             "<html><head><title>Old bridge to close</title></head><body><article><p>The council voted on Tuesday to "
             "close the old bridge, which has carried traffic over the river since 1931, after engineers found "
             "cracks in two of its piers.</p><p>&zwj;</p><p>Repairs would cost more than a new crossing, the "
             "engineers said, and the work would take at least three years to finish.</p><p>&#8205;</p>"
             "<p>The teams (\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb) start in May, and the mayor said the "
             "city would look at the cost of a temporary ferry service.</p></article></body></html>");
    expect_text(
        page, strlen(page), NULL,
        HAS("piers.\n\nRepairs", "three years to finish.\n\nThe teams", "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb"),
        LACKS("\n\n\xe2\x80\x8d"));
}

/* A feed is no page: refused by its first element, past the XML
 * declaration, comments and a DOCTYPE; an XHTML page is a page. */
static void test_feed_is_no_page(void **state)
{
    (void)state;
    static const char *const feeds[][2] = {
        {"<?xml version='1.0'?>\n<!-- hi --><rss version='2.0'><channel><title>T</title></channel></rss>", "rss"},
        {"\xef\xbb\xbf  <feed xmlns='http://www.w3.org/2005/Atom'><title>T</title></feed>", "feed"},
        {"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'></rdf:RDF>", "rdf:RDF"},
    };
    for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++) {
        struct nw_err err = {0};
        assert_null(article_extract(feeds[i][0], strlen(feeds[i][0]), NULL, NULL, &err));
        char want[64];
        snprintf(want, sizeof want, "a feed (<%s>), not an HTML page", feeds[i][1]);
        assert_string_equal(err.msg, want);
    }
    static const char xhtml[] = "<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML "
                                "1.0 Strict//EN' 'x'><html xmlns='http://www.w3.org/1999/xhtml'><head><title>Page"
                                "</title></head><body><p>The feed of the council is updated daily.</p></body></html>";
    struct nw_err err = {0};
    json_t *o = article_extract(xhtml, strlen(xhtml), NULL, NULL, &err);
    assert_non_null(o);
    json_decref(o);
}

/* A service page: <main> holds many short sections, none of them most of
 * the text: the content is <main>. An article that holds most of <main>'s
 * text stays the body without what surrounds it. */
static void test_main_of_sections(void **state)
{
    (void)state;
    struct nw_err err = {0};
    char page[8192] = "<html><head><title>Services</title></head><body><nav><a href='/'>Home</a></nav><main>"
                      "<div class='hero'><div class='inner'>";
    static const char *const topics[] = {"storage", "backups", "networks", "security", "support"};
    /* the first section is the largest: five paragraphs; the others one
     * each, plainer (no commas), every one in a layout of its own */
    for (int k = 0; k < 5; k++)
        strcat(page, "<p>Storage is what we started with: we plan, run and watch your storage for you, with a team "
                     "that answers within the hour, and prices that stay fixed.</p>");
    strcat(page, "</div></div>");
    for (size_t i = 1; i < 5; i++) {
        char sec[600];
        snprintf(sec, sizeof sec,
                 "<div class='row'><div class='col'><section><p>We plan and run and watch your %s for you with a "
                 "team that answers within the hour and sends a report every month and keeps its prices fixed for "
                 "the whole term of the contract that you sign with us.</p></section></div></div>",
                 topics[i]);
        strcat(page, sec);
    }
    strcat(page, "</main></body></html>");
    json_t *o = article_extract(page, strlen(page), NULL, NULL, &err);
    assert_non_null(o);
    for (size_t i = 0; i < 5; i++) {
        char want[64];
        snprintf(want, sizeof want, "watch your %s for you", topics[i]);
        assert_non_null(strstr(nw_json_str(o, "text"), want));
    }
    json_decref(o);
    const char *article =
        "<html><head><title>T</title></head><body><main><div class='story'><p>The council voted on Tuesday to "
        "close "
        "the old bridge, which has carried traffic over the river since 1931, after engineers found cracks in two "
        "of its piers.</p><p>Repairs would cost more than a new crossing, the engineers said, and the work would "
        "take at least three years, during which the bridge would be closed anyway.</p><p>Residents who cross the "
        "river every day asked the council to run a ferry in the meantime, and the mayor said the city would look "
        "at the cost of a temporary service.</p></div><div class='promo'><p>Subscribe to our newsletter, with the "
        "week's news, every Friday.</p></div></main></body></html>";
    expect_text(article, strlen(article), NULL, HAS("temporary service"), LACKS("newsletter"));
    /* CSS in a class name's brackets names nothing: "mt-[--sidebar-gap]" */
    const char *css =
        "<html><head><title>T</title></head><body><main><div class='story'><p>The council voted on Tuesday to "
        "close "
        "the old bridge, which has carried traffic over the river since 1931, after engineers found cracks in two "
        "of its piers.</p><p>Repairs would cost more than a new crossing, the engineers said, and the work would "
        "take at least three years, during which the bridge would be closed anyway.</p><p>The bridge was last "
        "repaired in 1987, when its deck was replaced and its piers were given new foundations of concrete.</p>"
        "<p>Traffic will be sent over the motorway bridge to the north, which adds twenty minutes to most trips "
        "into the town centre.</p></div>"
        "<div class='mt-[--sidebar-gap]'><p>Residents who cross the river every day asked the council to run a "
        "ferry in the meantime, and the mayor said the city would look at the cost of it.</p><p>A ferry would "
        "carry four hundred people an hour, the harbour office said, and could start within a month, once the "
        "landing stages on both banks are repaired.</p></div></main></body></html>";
    expect_text(css, strlen(css), NULL, HAS("cracks in two", "run a ferry"), NULL);
}

/* Teaser cards of other posts after the body (a "latest news" grid of
 * <article>s, each a linked heading, a date and an excerpt) are not the
 * article; a listicle's linked headings with their paragraphs are. */
static void test_teaser_cards(void **state)
{
    (void)state;
    char page[8192] = "<html><head><title>Bridge closed</title></head><body><div class='wrap'>"
                      "<h1>Bridge closed</h1>";
    for (int k = 0; k < 3; k++)
        strcat(page, "<p>The council voted on Tuesday to close the old bridge, which has carried traffic over the "
                     "river since 1931, after engineers found cracks in two of its piers and said repairs would "
                     "cost more than a new crossing.</p>");
    strcat(page, "<h2>More</h2><div class='grid'>");
    for (int k = 0; k < 4; k++) {
        char card[400];
        snprintf(card, sizeof card,
                 "<article><h3><a href='/p%d'>Other story number %d</a></h3><span>March %d, 2025</span><p>A short "
                 "excerpt of teaser %d, with a comma, to read on elsewhere.</p></article>",
                 k, k, k + 1, k);
        strcat(page, card);
    }
    strcat(page, "</div></div></body></html>");
    expect_text(page, strlen(page), NULL, HAS("cracks in two of its piers"), LACKS("excerpt of teaser"));
    /* the same headings and paragraphs as the body's own sections */
    char list[8192] = "<html><head><title>Ten projects</title></head><body><div class='wrap'><p>Here are the "
                      "projects we liked best this year, with what each of them costs, how long it takes and "
                      "what you need before you start.</p>";
    for (int k = 0; k < 4; k++) {
        char sec[400];
        snprintf(sec, sizeof sec,
                 "<div><h3><a href='/p%d'>Project number %d</a></h3><p>Project %d takes a weekend, some pine "
                 "boards and a saw, and costs about forty dollars.</p></div>",
                 k, k, k);
        strcat(list, sec);
    }
    strcat(list, "</div></body></html>");
    expect_text(list, strlen(list), NULL, HAS("Project 3 takes a weekend"), NULL);
}

/* The start of a test page: its head holds `says` (what the page says it
 * is), its story is an <article> left open, whose element of paragraphs
 * (n of them) is left open too, or closed with six. */
#define SAYS_ARTICLE "<meta property=\"og:type\" content=\"article\">"
#define SAYS_LIVE                                                                                                      \
    SAYS_ARTICLE "<script type=\"application/ld+json\">{\"@type\":\"LiveBlogPosting\",\"headline\":\"The bridge "      \
                 "that closed a town\"}</script>"
static void comment_page_open(struct nw_buf *page, const char *says, int n)
{
    nw_buf_printf(page,
                  "<html><head><title>The bridge that closed a town</title>%s</head><body><article class=\"a1\"><h1>"
                  "The bridge that closed a town</h1><div class=\"b2\">",
                  says);
    numbered(page, n,
             "<p>The council closed the old bridge on Tuesday after engineers found cracks in two of its piers "
             "and traffic now takes a detour of twelve miles through the hills in story paragraph %d.</p>");
}

static void comment_page_head(struct nw_buf *page, const char *says)
{
    comment_page_open(page, says, 6);
    nw_buf_puts(page, "</div>");
}

/* n dated records of one shape in a list, each "what number I" and then
 * `rest`. */
static void dated_records(struct nw_buf *page, int n, const char *what, const char *rest)
{
    nw_buf_puts(page, "<ol class=\"lijst\">");
    for (int i = 0; i < n; i++)
        nw_buf_printf(page,
                      "<li class=\"r\"><div class=\"rm\">lezer%d, 3.3.2025 10:%02d</div><p>%s number %d%s</p></li>", i,
                      i, what, i, rest);
    nw_buf_puts(page, "</ol>");
}

/* Reader comments whose names say nothing ("reacties", a theme's own
 * words), told by their shape: after the story, a list of records of one
 * shape, each dated in a line of its own apart from its text. They go on
 * a page that says it is an article, with the wrapper that labels them;
 * a forum's replies, a live blog's entries and a story's own dated lists
 * stay. */
static void test_comments_by_shape(void **state)
{
    (void)state;
    /* WordPress's shape: the date line in a <footer>, which goes before
     * the records are looked at; on a page that does not say it is an
     * article (a forum's thread, a product's reviews) they stay */
    struct nw_buf page = {0};
    for (int article = 1; article >= 0; article--) {
        comment_page_head(&page, article ? SAYS_ARTICLE : "");
        nw_buf_puts(&page, "<div class=\"reacties\"><h2>5 reacties op het verhaal</h2><ol class=\"lijst\">");
        for (int i = 0; i < 5; i++)
            nw_buf_printf(&page,
                          "<li class=\"r\"><article class=\"rb\"><footer class=\"rm\"><b>lezer%d</b> zegt: <a "
                          "href=\"#r%d\"><time datetime=\"2025-03-0%dT10:00:00Z\">3 maart 2025 om 10:0%d</time></a>"
                          "</footer><div class=\"rt\"><p>Reader remark number %d, which says the bridge should have "
                          "been mended years ago.</p></div></article></li>",
                          i, i, i + 1, i, i);
        nw_buf_puts(&page, "</ol></div></article></body></html>");
        if (article)
            expect_text(page.data, page.len, NULL, HAS("story paragraph 5."), LACKS("Reader remark", "reacties op"));
        else
            expect_text(page.data, page.len, NULL, HAS("story paragraph 5.", "Reader remark number 4"), NULL);
        nw_buf_reset(&page);
    }
    /* the date lines as text in blocks of their own; one comment longer
     * than the story, which is still the story */
    comment_page_head(&page, SAYS_ARTICLE);
    nw_buf_puts(&page, "<div class=\"x9\"><h2>Top rated</h2>");
    for (int i = 0; i < 4; i++) {
        nw_buf_printf(&page,
                      "<div class=\"c\"><div class=\"u\"><a href=\"/u/%d\">reader%d</a></div><div class=\"d\">2 "
                      "days ago at 07:5%d am</div><div class=\"t\">",
                      i, i, i);
        for (int k = 0; k < (i == 1 ? 12 : 1); k++)
            nw_buf_printf(&page,
                          "Reader remark number %d, which says, at length, that the bridge should have been "
                          "mended years ago, and that nobody listened.<br><br>",
                          i);
        nw_buf_puts(&page, "</div><div class=\"v\">Rating: 3 votes</div></div>");
    }
    nw_buf_puts(&page, "</div></article></body></html>");
    expect_text(page.data, page.len, NULL, HAS("story paragraph 0.", "story paragraph 5."), LACKS("Reader remark"));
    nw_buf_cleanup(&page);
    /* comments that are a whole block beside the story's, taken with it */
    comment_page_head(&page, SAYS_ARTICLE);
    nw_buf_puts(&page, "</article><div class=\"z\">");
    dated_records(&page, 12, "Reader remark",
                  ", which says, with a comma or two, that the bridge should have been mended years ago, that the "
                  "council knew it, and that the detour through the hills costs every family in the valley an hour "
                  "a day.");
    nw_buf_puts(&page, "</div></body></html>");
    expect_text(page.data, page.len, NULL, HAS("story paragraph 5."), LACKS("Reader remark"));
    nw_buf_cleanup(&page);
    /* comments a theme puts in the story's own element, after its
     * paragraphs, go; a dated list of the story's own, among its
     * paragraphs, stays */
    for (int inside = 1; inside >= 0; inside--) {
        comment_page_open(&page, SAYS_ARTICLE, inside ? 6 : 3);
        nw_buf_puts(&page, "<div class=\"cm\">");
        dated_records(&page, 4, "Dated remark", " about the bridge and the detour.");
        nw_buf_puts(&page, "</div>");
        if (!inside)
            numbered(&page, 3,
                     "<p>The mayor said the town would ask the regional government for help with the cost and that "
                     "a ferry could run within a month in story paragraph %d.</p>");
        nw_buf_puts(&page, "</div></article></body></html>");
        if (inside)
            expect_text(page.data, page.len, NULL, HAS("story paragraph 5."), LACKS("Dated remark"));
        else
            expect_text(page.data, page.len, NULL, HAS("story paragraph 2.", "Dated remark number 3"), NULL);
        nw_buf_reset(&page);
    }
    /* a live blog's entries stay: titled, or on a page that says it is
     * a live blog */
    static const char *const live[][2] = {{SAYS_ARTICLE, "<h3>Update</h3>"}, {SAYS_LIVE, ""}};
    for (size_t v = 0; v < sizeof live / sizeof *live; v++) {
        comment_page_head(&page, live[v][0]);
        nw_buf_puts(&page, "<div class=\"live\">");
        for (int i = 0; i < 4; i++)
            nw_buf_printf(&page,
                          "<div class=\"e\"><div class=\"d\">10:3%d</div>%s<div class=\"t\"><p>Live entry number %d: "
                          "the detour is now signposted from the ring road.</p></div></div>",
                          i, live[v][1], i);
        nw_buf_puts(&page, "</div></article></body></html>");
        expect_text(page.data, page.len, NULL, HAS("story paragraph 5.", "Live entry number 3"), NULL);
        nw_buf_reset(&page);
    }
    /* the date line written straight in each record, inline elements
     * before the remark's paragraph, the comments after the story's
     * element or in it; a story's own list whose dates run into its
     * text, with no block after them, stays */
    for (int v = 0; v < 3; v++) {
        comment_page_head(&page, SAYS_ARTICLE);
        if (v == 1)
            nw_buf_puts(&page, "</article>");
        nw_buf_puts(&page, "<section class=\"k7\"><h2>6 Comments</h2>");
        for (int i = 0; i < 6; i++)
            nw_buf_printf(&page,
                          v < 2 ? "<div class=\"q2\"><b>reader%d</b> <span>March 3, 2025 at 10:0%d am</span><p>Reader "
                                  "remark number %d, which says the bridge should have been mended years ago.</p><a "
                                  "href=\"#\">Reply</a></div>"
                                : "<div class=\"q2\"><b>Stage %d</b> <span>March 3, 2025 at 10:0%d am:</span> the "
                                  "crews closed lane number %d of the ring road and the detour was signposted again "
                                  "from the hills.</div>",
                          i, i, i);
        nw_buf_puts(&page, v == 1 ? "</section></body></html>" : "</section></article></body></html>");
        if (v < 2)
            expect_text(page.data, page.len, NULL, HAS("story paragraph 5."), LACKS("Reader remark"));
        else
            expect_text(page.data, page.len, NULL, HAS("story paragraph 5.", "lane number 5"), NULL);
        nw_buf_reset(&page);
    }
    nw_buf_cleanup(&page);
}

/* A stray end tag in a story's text ("</div>" pasted into a post) closes
 * the story's element and those around it, in an HTML5 parser as in
 * libxml2's: the rest of the story, its headings and lists too, comes
 * after them and is the story's still; a copyright line after a story,
 * a section about the site and a list of links are not (the copyright
 * line straight after the story's last paragraph, where the stray tag
 * left them both, is taken with it). */
static void test_story_after_stray_end_tag(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    for (int stray = 1; stray >= 0; stray--)
        for (int copyright = 0; copyright < 2; copyright++) {
            nw_buf_puts(&page, "<html><head><title>The bridge that closed a town</title></head><body><div "
                               "class=\"page\"><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><main>"
                               "<div class=\"container\"><div class=\"wrap\"><article><h1>The bridge that closed a "
                               "town</h1>");
            numbered(&page, 8,
                     "<p>The council closed the old bridge on Tuesday after engineers found cracks in two of its "
                     "piers and traffic now takes a detour of twelve miles in story paragraph %d.</p>");
            if (stray)
                nw_buf_puts(&page, "</div>");
            nw_buf_puts(&page, "<h3>What happens next</h3><ul><li>A ferry from the first of May, the council "
                               "said.</li><li>A new bridge in three years.</li></ul>");
            numbered(&page, 3,
                     "<p>The mayor said the town would ask the regional government for help with the cost and "
                     "that a ferry could run within a month in later paragraph %d.</p>");
            nw_buf_puts(&page, stray ? "</article>" : "</article></div>");
            if (copyright)
                nw_buf_puts(&page, "<p>Copyright 2025 The Valley Courier Company. Used and modified with permission "
                                   "under licence, all rights reserved.</p>");
            nw_buf_puts(&page, "<section class=\"about\"><h2>About the Courier</h2><p>The Courier has covered the "
                               "valley since 1921 and is owned by its readers, who elect its board every year.</p>"
                               "</section></div></main><div class=\"more\"><h3>More stories</h3><ul><li><a "
                               "href=\"/a\">A road closed for the winter in the hills</a></li><li><a href=\"/b\">The "
                               "ferry that never came back to the valley</a></li></ul></div></div></body></html>");
            expect_text(
                page.data, page.len, NULL,
                HAS("story paragraph 7.", "What happens next", "A new bridge in three years.", "later paragraph 2."),
                stray ? LACKS("About the", "More stories", "never came back")
                      : LACKS("Copyright", "About the", "More stories", "never came back"));
            nw_buf_reset(&page);
        }
    nw_buf_cleanup(&page);
}

/* Fragment text, the fast way (no tree) and the tree's way alike: blocks
 * and line breaks, references, stray and void end tags, blanks that the
 * tree keeps or drops, and what only a tree can say. */
static void test_fragment_text(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"<p>One <b>two</b> three</p><p>Four</p>", "One two three\n\nFour"},
        {"a<br/>b</br>c", "a\nbc"},
        {"Tom &amp; Jerry &lt;3 &#x24;5 &#8217; &eacute; & co", "Tom & Jerry <3 $5 \xe2\x80\x99 \xc3\xa9 & co"},
        {"<ul><li>x</li><li>y</li></ul>z", "x\n\ny\n\nz"},
        {"<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
        {"<span>a</span> <span>b</span>", "a b"},
        {"x<!-- hidden -->y <i>z</i>", "xy z"},
        {"<p>a<p>b</p>", "a\n\nb"},
        {"<div><img src=\"i.png\" alt='>'> <b>c</b></div>", "c"},
        {"a<sup>2</sup> <b>b</b>", "a2 b"},
        {"<p>kept</p><script>var x = '<p>';</script>", "kept"},
        {"x &bogus; y", "x &bogus; y"},
        {"1 < 2 <b>bold</b>", "1 < 2 bold"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *t = html_fragment_text(cases[i][0], strlen(cases[i][0]));
        if (strcmp(t, cases[i][1]))
            fail_msg("fragment %zu: got \"%s\", want \"%s\"", i, t, cases[i][1]);
        free(t);
    }
}

/* A code sample or a message archived as plain text (a <pre>) keeps its
 * lines: each is a paragraph of the body, as a <br>'s line is, where the
 * whole block was one line of run-together words. */
static void test_pre_lines(void **state)
{
    (void)state;
    const char *page =
        "<html><head><title>Reading a file in C</title></head><body><nav><a href=\"/\">Home</a></nav><article>"
        "<h1>Reading a file in C</h1><p>The standard library reads a whole file in a few calls, and the "
        "example below shows them in the order a program makes them, each checked for failure.</p>"
        "<pre><code>FILE *f = fopen(path, \"rb\");\n"
        "if (!f)\n"
        "    return -1;\n"
        "\n"
        "size_t n = fread(buf, 1, sizeof buf, f);</code></pre>"
        "<p>Each call can fail, and a program that reads files it did not write checks every one of them before "
        "it goes on.</p></article><footer>Copyright</footer></body></html>";
    struct nw_err err = {0};
    json_t *a = article_extract(page, strlen(page), "https://example.org/c/read", NULL, &err);
    assert_non_null(a);
    const char *text = nw_json_str(a, "text");
    assert_non_null(strstr(text, "\n\nFILE *f = fopen(path, \"rb\");\n\nif (!f)\n\nreturn -1;\n\nsize_t n ="));
    json_decref(a);

    /* a syntax highlighter's class names (highlight.js, Prism) say what a
     * piece of code is, not what part of the page: its comments, strings
     * and "share"-named identifiers are shown with the rest */
    const char *lit =
        "<html><head><title>Git in a team</title></head><body><article><h1>Git in a team</h1><p>The commands "
        "below are the ones a small team runs every day, from the first clone to the merge of a finished "
        "feature, in the order they come.</p>"
        "<pre><code class=\"language-bash hljs\"><span class=\"hljs-comment\"># start a repository</span>\n"
        "git init\n<span class=\"token comment\"># its state</span>\ngit status\n"
        "<span class=\"hljs-string share-link\">\"a string\"</span></code></pre>"
        "<p>Each of them has many options, and the manual pages list them all with examples of their "
        "use.</p></article></body></html>";
    a = article_extract(lit, strlen(lit), "https://example.org/git", NULL, &err);
    assert_non_null(a);
    text = nw_json_str(a, "text");
    static const char *const lines[] = {"# start a repository", "git init", "# its state", "git status",
                                        "\"a string\""};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        if (!strstr(text, lines[i]))
            fail_msg("\"%s\" missing from \"%s\"", lines[i], text);
    json_decref(a);
}

/* Soft hyphens (German and Dutch sites put them in long words, in the
 * headline too) and zero-width spaces are drawn as nothing: the title,
 * the description and the text read without them, their words whole. */
static void test_invisible_characters(void **state)
{
    (void)state;
    const char *page =
        "<html><head><title>Bundes&shy;regierung beschlie\xc3\x9f"
        "t Paket</title>"
        "<meta property=\"og:title\" content=\"Bundes&shy;regierung beschlie&szlig;t Paket\">"
        "<meta name=\"description\" content=\"Das Kabinett hat am Donners&shy;tag entschieden.\"></head><body>"
        "<article><h1>Bundes&shy;regierung beschlie\xc3\x9f"
        "t Paket</h1><p>Die Bundes&shy;regierung hat am "
        "Donners\xc2\xad"
        "tag ein Paket von Ma\xc3\x9fnahmen beschlossen, das ab Januar gilt und die Wirtschaft "
        "st\xc3\xbc"
        "tzen soll.</p><p>\xe2\x80\x8b</p><p>Nach Angaben des Finanz&shy;ministers kostet das Programm "
        "mehrere Milliarden Euro, vor allem f\xc3\xbcr Stra\xc3\x9f"
        "en und Br\xc3\xbc"
        "cken.</p></article>"
        "</body></html>";
    struct nw_err err = {0};
    json_t *a = article_extract(page, strlen(page), "https://example.de/politik/paket", NULL, &err);
    assert_non_null(a);
    assert_string_equal(nw_json_str(a, "title"), "Bundesregierung beschlie\xc3\x9ft Paket");
    assert_string_equal(nw_json_str(a, "description"), "Das Kabinett hat am Donnerstag entschieden.");
    const char *text = nw_json_str(a, "text");
    assert_null(strstr(text, "\xc2\xad"));
    assert_null(strstr(text, "\xe2\x80\x8b"));
    assert_non_null(strstr(text, "Die Bundesregierung hat am Donnerstag"));
    assert_non_null(strstr(text, "st\xc3\xbctzen soll.\n\nNach Angaben des Finanzministers"));
    json_decref(a);
}

/* Control characters draw nothing: DEL and C0's ("&#127;", a stray byte)
 * are left out of the title and the text; a C1 control, what windows-1252
 * text read as ISO-8859-1 and written as UTF-8 leaves ("we\u0092re"), is
 * read as windows-1252's character, as a reference to one ("&#146;") is. */
/* Pages served in place of the article (a bot-protection service's check,
 * a consent form) give no article: an error that says which, a bot check
 * as worth another try. Pages that only speak of cookies, or carry those
 * services' sensors, are articles. */
static void expect_interstitial(const char *page, int code, const char *msg)
{
    struct nw_err err = {0};
    json_t *o = article_extract(page, strlen(page), "https://news.example/2026/12/story", NULL, &err);
    if (o)
        fail_msg("an article from a page served in its place: \"%.200s\" (%.80s)", nw_json_str(o, "text"), page);
    assert_int_equal(err.code, code);
    assert_string_equal(err.msg, msg);
}

static void expect_article(const char *page, const char *has)
{
    expect_text(page, strlen(page), "https://news.example/2026/12/story", HAS(has), NULL);
}

/* What a server writes before a page (a PHP warning in text or in HTML)
 * is not the article's text. */
static void test_junk_before_page(void **state)
{
    (void)state;
    static const char *const junk[] = {
        "Warning: include(header.php): failed to open stream in /var/www/index.php on line 2\n<!DOCTYPE html>",
        "<br />\n<b>Deprecated</b>:  Function create_function() is deprecated in <b>/srv/a.php</b><br />\n"
        "<!DOCTYPE html><html>",
    };
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
        char page[2048];
        snprintf(page, sizeof page,
                 "%s<head><title>Storm closes the old bridge</title></head><body><article><p>The storm closed the "
                 "old bridge over the river on Monday, the council said, and it will stay closed until engineers "
                 "have looked at it.</p><p>Traffic is sent round by the ring road, which adds twenty minutes to a "
                 "crossing at the busiest hours of the day.</p></article></body></html>",
                 junk[i]);
        expect_text(page, strlen(page), "https://example.org/a", HAS("Traffic is sent round"),
                    LACKS("Warning", "Deprecated"));
    }
}

static void test_interstitials(void **state)
{
    (void)state;
    expect_interstitial("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><noscript>Enable "
                        "JavaScript and cookies to continue</noscript><script>window._cf_chl_opt={cType:'managed'};"
                        "</script></body></html>",
                        ARTICLE_ERR_TEMPORARY, "a bot check (Cloudflare), not the page");
    expect_interstitial("<html><head><title>news.example</title></head><body><p>Please enable JS and disable any ad "
                        "blocker</p><script>var dd={'host':'geo.captcha-delivery.com'}</script></body></html>",
                        ARTICLE_ERR_TEMPORARY, "a bot check (DataDome), not the page");
    expect_interstitial("<html><head><title>Access to this page has been denied</title></head><body><h1>Press and "
                        "hold to confirm you are a human</h1><div id=\"px-captcha\"></div></body></html>",
                        ARTICLE_ERR_TEMPORARY, "a bot check (HUMAN (PerimeterX)), not the page");
    /* consent forms in three languages, on their own page */
    expect_interstitial(
        "<html lang=en><head><title>Before you continue</title></head><body><form action=/collect><h2>We value "
        "your privacy</h2><p>We and our partners store and access information on your device, such as cookies, and "
        "process personal data such as unique identifiers for personalised advertising and content.</p><p>You may "
        "click to consent to this processing, or refuse it and choose your preferences. Some processing of your "
        "personal data may not need your consent, but you have a right to object.</p><button>Accept "
        "all</button><button>Reject all</button></form></body></html>",
        ARTICLE_ERR_CONSENT, "a consent form (cookie wall), not the article");
    expect_interstitial(
        "<html lang=de><head><title>Datenschutzeinstellungen</title></head><body><div class=wall><h2>Wir brauchen "
        "Ihre Zustimmung</h2><p>Wir und unsere Partner verwenden Cookies und verarbeiten personenbezogene Daten, "
        "etwa Kennungen Ihres Geräts, für Werbung und Reichweitenmessung.</p><p>Mit einem Klick auf Akzeptieren "
        "geben Sie Ihre Einwilligung. Sie können sie jederzeit in den Einstellungen widerrufen.</p><button>Alle "
        "akzeptieren</button></div></body></html>",
        ARTICLE_ERR_CONSENT, "a consent form (cookie wall), not the article");
    expect_interstitial(
        "<html lang=fr><head><title>Vos choix</title></head><body><section><p>Avec votre accord, nos partenaires et "
        "nous utilisons des cookies pour stocker des informations sur votre appareil et traiter vos données "
        "personnelles à des fins de publicité.</p><p>Vous pouvez donner votre consentement ou le refuser, et le "
        "retirer à tout moment depuis notre page de confidentialité.</p><a href=/ok>Accepter</a></section>"
        "</body></html>",
        ARTICLE_ERR_CONSENT, "a consent form (cookie wall), not the article");
    /* a form too short to be taken for an article: the page's whole text */
    expect_interstitial("<html lang=en><head><title>Before you continue</title></head><body><form><h2>We value "
                        "your privacy</h2><p>We and our partners use cookies and process personal data for "
                        "advertising.</p><p>You may consent to this, or refuse it; you can withdraw your consent at "
                        "any time.</p><button>Accept all</button></form></body></html>",
                        ARTICLE_ERR_CONSENT, "a consent form (cookie wall), not the article");
    /* the same, its word for cookies written with a reference: the page's
     * bytes name no "cookie", yet its text does */
    expect_interstitial("<html lang=tr><head><title>Gizlilik</title></head><body><form><h2>Gizliliğiniz</h2><p>Bu "
                        "sitede &ccedil;erezler kullanılır. &Ccedil;erez tercihlerinizi onay ile verirsiniz.</p><p>"
                        "Onayınızı istediğiniz zaman geri alabilirsiniz; &ccedil;erez ayarları sayfadadır.</p>"
                        "<button>Kabul et</button></form></body></html>",
                        ARTICLE_ERR_CONSENT, "a consent form (cookie wall), not the article");
    /* a page its scripts write, its footer's links server-side */
    expect_article("<html><head><title>Example Media</title></head><body><div id=root></div><footer><a>About "
                   "us</a> <a>Careers</a> <a>Cookie policy</a> <a>Cookie settings</a> <a>Manage consent</a> "
                   "<a>Privacy policy</a> <a>Terms of use</a> <a>Advertise with us</a> <a>Contact</a> © 2026 "
                   "Example Media.</footer></body></html>",
                   "");
    /* a dated brief about cookie rules is news */
    expect_article(
        "<html lang=en><head><title>Regulator fines publisher over cookie consent</title><meta "
        "property=\"article:published_time\" content=\"2026-11-20T09:00:00Z\"></head><body><article><h1>Regulator "
        "fines publisher over cookie consent</h1><p>The data protection authority fined a publisher on Thursday "
        "for setting advertising cookies before readers gave their consent.</p><p>The publisher said it would "
        "change its consent banner so that refusing cookies takes one click, as accepting them does.</p>"
        "</article></body></html>",
        "refusing cookies takes one click");
    /* undated stories that speak of consent, or of cookies, alone */
    expect_article("<html><head><title>Jury hears consent evidence</title></head><body><article><p>The jury heard on "
                   "Monday that consent was never given, and the defence said that consent had been implied.</p><p>"
                   "The judge told jurors that consent must be freely given and that they alone decide whether it "
                   "was.</p></article></body></html>",
                   "freely given");
    expect_article("<html><head><title>Bakery wins prize</title></head><body><article><p>The bakery's cookies won "
                   "the county prize, and its cookie dough is now sold in shops.</p><p>Its owner said the cookies "
                   "were her grandmother's recipe.</p></article></body></html>",
                   "grandmother");
    /* a page that says it is not there, with a 2xx status */
    expect_interstitial("<html><head><title>Page not found | Example News</title></head><body><h1>Oops!</h1><p>"
                        "Sorry, the page you were looking for could not be found. Try the search.</p></body></html>",
                        1, "a page that says it is not found (\"Page not found | Example News\"), with a 2xx status");
    expect_interstitial("<html lang=de><head><title>Fehler 404 - Seite nicht gefunden</title></head><body><p>Die "
                        "angeforderte Seite existiert leider nicht mehr.</p></body></html>",
                        1,
                        "a page that says it is not found (\"Fehler 404 - Seite nicht gefunden\"), with a 2xx "
                        "status");
    /* a dated story about an error page, a headline that says so */
    expect_article("<html><head><title>Error 404: the page everyone knows turns 30</title><meta "
                   "property=\"article:published_time\" content=\"2026-11-20T09:00:00Z\"></head><body><article><p>"
                   "The error page that greets readers of a missing link was first written thirty years ago, its "
                   "author said in an interview on Thursday.</p></article></body></html>",
                   "thirty years ago");
    expect_article("<html><head><title>Wreck of the trawler lost in 1962 still not found after new search</title>"
                   "</head><body><article><p>Divers searched the bay for a week without finding the wreck of the "
                   "trawler, the coastguard said on Friday.</p></article></body></html>",
                   "without finding");
    /* a short page that carries the services' sensors, not their checks */
    expect_article(
        "<html><head><title>Storm closes the coast road</title></head><body><article><p>The coast road was closed "
        "on Sunday after the storm brought down trees near the harbour, the police said.</p></article><script "
        "src=\"/cdn-cgi/challenge-platform/scripts/jsd/main.js\"></script><script>this.pxElementId=\"px-captcha\""
        "</script></body></html>",
        "brought down trees");
}

/* A document that is no page (a PDF, audio, an image, binary data), by
 * its type or by its bytes, is an error, not a text of decoded bytes; a
 * page its server says is UTF-16 keeps its zero bytes. */
static void expect_not_page(const char *data, size_t len, const char *type, const char *msg)
{
    struct nw_err err = {0};
    json_t *o = article_extract(data, len, "https://news.example/a", type, &err);
    if (o)
        fail_msg("an article from %s: \"%.80s\"", msg, nw_json_str(o, "text"));
    assert_string_equal(err.msg, msg);
}

/* Attribute values are taken out before libxml2 reads a page and put
 * back in its tree (html_drop_raw_text_lifted); where libxml2 reads the
 * markup otherwise, the page is parsed again as it is. Here the start tag
 * in the DOCTYPE's system literal is a tag to html_drop_raw_text, and its
 * class's stand-in lands in libxml2's DTD. The page gives what it gives
 * when nothing is taken out (a DEL in a comment: none is). */
static void test_lifted_values_read_otherwise(void **state)
{
    (void)state;
    for (int streamed = 0; streamed < 2; streamed++) {
        struct nw_buf b = {0}, plain = {0};
        nw_buf_puts(&b, "<!DOCTYPE html SYSTEM \"<b class='one two three four'>\"><html><head><title>Bridge</title>"
                        "</head><body><article><h1>Bridge</h1>");
        numbered(&b, 6,
                 "<p class=\"story-paragraph body-text\">Paragraph %d: the council met on Tuesday to discuss the old "
                 "bridge, which has carried traffic over the river since 1931, and heard the engineers.</p>");
        nw_buf_puts(&b, "</article>");
        if (streamed) /* React's streamed parts: the tree is worked on after the parse */
            nw_buf_puts(&b, "<div hidden id=\"S:0\"><p class=\"late paragraph\">Streamed late.</p></div>"
                            "<script>$RS(\"S:0\",\"P:0\")</script>");
        nw_buf_puts(&b, "</body></html>");
        nw_buf_append(&plain, b.data, b.len);
        nw_buf_puts(&plain, "<!--\x7f-->");
        struct nw_err e1 = {0}, e2 = {0};
        json_t *x = article_extract(b.data, b.len, "https://example.com/bridge", NULL, &e1),
               *y = article_extract(plain.data, plain.len, "https://example.com/bridge", NULL, &e2);
        assert_non_null(x);
        assert_non_null(y);
        char *sx = json_dumps(x, JSON_SORT_KEYS), *sy = json_dumps(y, JSON_SORT_KEYS);
        assert_string_equal(sx, sy);
        assert_non_null(strstr(nw_json_str(x, "text"), "Paragraph 5"));
        free(sx);
        free(sy);
        json_decref(x);
        json_decref(y);
        nw_buf_cleanup(&b);
        nw_buf_cleanup(&plain);
    }
}

static void test_not_pages(void **state)
{
    (void)state;
    static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nBT (Press release text) Tj ET\n";
    expect_not_page(pdf, sizeof pdf - 1, NULL, "not an HTML page: a PDF document, by its bytes");
    expect_not_page(pdf, sizeof pdf - 1, "application/octet-stream", "not an HTML page: a PDF document, by its bytes");
    static const char mp3[] = "ID3\x04\0\0\0\0\0\x21TIT2 episode 12";
    expect_not_page(mp3, sizeof mp3 - 1, NULL, "not an HTML page: audio, by its bytes");
    static const char frame[] = "\xff\xfb\x90\x64\0\0\0\0";
    expect_not_page(frame, sizeof frame - 1, NULL, "not an HTML page: audio, by its bytes");
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    expect_not_page(png, sizeof png - 1, NULL, "not an HTML page: an image, by its bytes");
    static const char noise[] = "K\xff\xfa"
                                "Dq\xd9\x94{L\xdeL!\xcdo%n\x03\xbb\xb1 \xd8";
    expect_not_page(noise, sizeof noise - 1, NULL, "not an HTML page: binary data, by its bytes");
    static const char html[] = "<html><body><p>Words of a page served with the wrong type.</p></body></html>";
    expect_not_page(html, sizeof html - 1, "audio/mpeg", "not an HTML page: audio (audio/mpeg)");
    expect_not_page(html, sizeof html - 1, "Application/PDF; name=x.pdf",
                    "not an HTML page: a PDF document (Application/PDF; name=x.pdf)");
    /* pages: HTML served as octet-stream, UTF-16 with and without its mark */
    struct nw_err err = {0};
    json_t *o = article_extract(html, sizeof html - 1, "https://news.example/a", "application/octet-stream", &err);
    assert_non_null(o);
    json_decref(o);
    char u16[2 * sizeof html];
    for (size_t i = 0; i < sizeof html - 1; i++) {
        u16[2 * i] = html[i];
        u16[2 * i + 1] = 0;
    }
    o = article_extract(u16, 2 * (sizeof html - 1), "https://news.example/a", "text/html; charset=UTF-16LE", &err);
    assert_non_null(o);
    assert_non_null(strstr(nw_json_str(o, "text"), "wrong type"));
    json_decref(o);
}

static void test_control_characters(void **state)
{
    (void)state;
    const char *page = "<html><head><title>We\xc2\x92re back&#127;</title></head><body>"
                       "<article><h1>We\xc2\x92re back</h1><p>Because we\xc2\x92re so used to electricity, "
                       "\xc2\x93power\xc2\x94 feels free \xc2\x97 until the bill comes in the post at the end of "
                       "the month.</p><p>A second paragraph&#127; with a stray \x01"
                       "byte and a DEL\x7f, long enough to "
                       "count as prose in the article, and more words after it.</p></article></body></html>";
    struct nw_err err = {0};
    json_t *a = article_extract(page, strlen(page), "https://example.com/power", NULL, &err);
    assert_non_null(a);
    assert_string_equal(nw_json_str(a, "title"), "We\xe2\x80\x99re back");
    const char *text = nw_json_str(a, "text");
    assert_non_null(strstr(text, "Because we\xe2\x80\x99re so used to electricity, \xe2\x80\x9cpower\xe2\x80\x9d "
                                 "feels free \xe2\x80\x94 until"));
    assert_non_null(strstr(text, "A second paragraph with a stray byte and a DEL, long"));
    json_decref(a);
}

/* A page builder wraps each piece of a post in a widget of its own kind
 * ("elementor-widget-post-info" around its author and date): no sidebar
 * widget, whose class starts with the word ("widget", "widget_recent"). */
static void test_builder_post_info(void **state)
{
    (void)state;
    const char *page =
        "<html><head><title>Top Sleep Tips</title></head><body><div class=\"elementor-widget-wrap\">"
        "<div class=\"elementor-element elementor-widget elementor-widget-heading\"><h1>Top Sleep Tips</h1></div>"
        "<div class=\"elementor-element elementor-widget elementor-widget-post-info\"><ul><li>"
        "<span class=\"elementor-post-info__item--type-author\">By Natalie Nevares</span></li><li>"
        "<span class=\"elementor-post-info__item--type-date\">March 4, 2025</span></li></ul></div>"
        "<div class=\"elementor-element elementor-widget elementor-widget-theme-post-content\"><p>Sleep "
        "training works best when the whole family follows the same plan, night after night, for at least "
        "two weeks.</p><p>Start with a bedtime routine that takes the same twenty minutes every evening, and "
        "keep the room dark and quiet.</p></div></div><aside><div class=\"widget widget_recent\"><span "
        "class=\"author\">By Ann Lee</span> <span class=\"date\">January 2, 2020</span></div></aside></body></html>";
    struct nw_err err = {0};
    json_t *a = article_extract(page, strlen(page), "https://example.org/sleep-tips/", NULL, &err);
    assert_non_null(a);
    assert_non_null(nw_json_str(a, "author"));
    assert_string_equal(nw_json_str(a, "author"), "Natalie Nevares");
    assert_non_null(nw_json_str(a, "published"));
    assert_string_equal(nw_json_str(a, "published"), "2025-03-04");
    json_decref(a);
}

/* A page holding NUL characters (a zero byte in UTF-8 or a single-byte
 * charset): read as the page without them, as a browser shows it.
 * libxml2 ended the content where it met one between two elements, and
 * the page with it (every paragraph after it lost), and the address a
 * replayed page gives through its canonical link. A page in UTF-16 keeps
 * its zero bytes. */
static void test_nul_bytes(void **state)
{
    (void)state;
    struct nw_buf para = {0};
    numbered(&para, 5,
             "<p class=\"body\">Paragraph %d: the council met on Tuesday to discuss the old bridge over the river, "
             "which has carried the town's traffic since 1931, and heard its engineers at length.</p>");
    /* where the NUL goes: at the '|' of each, where the rest stands first
     * in the page (two NULs in the first) */
    const char *where[] = {
        "<p class=\"body\">|", /* between two paragraphs */
        "<body>|",             /* right after <body> */
        "<title>Old| bridge",  /* in the title */
        "class=\"bo|dy\"",     /* in an attribute's value */
        "<head>|",             /* in the head, before its title */
    };
    for (size_t w = 0; w < sizeof where / sizeof *where; w++) {
        struct nw_buf clean = {0}, nul = {0};
        nw_buf_puts(&clean, "<html><head><title>Old bridge</title><meta name=\"description\" content=\"The bridge."
                            "\"></head><body><article><h1>Old bridge</h1>");
        nw_buf_append(&clean, para.data, para.len);
        nw_buf_puts(&clean, "</article><footer><p>Town News, 1 Main Street</p></footer></body></html>");
        size_t before = strcspn(where[w], "|");
        char whole[64];
        snprintf(whole, sizeof whole, "%.*s%s", (int)before, where[w], where[w] + before + 1);
        const char *at = strstr(clean.data, whole);
        assert_non_null(at);
        size_t cut = (size_t)(at - clean.data) + before;
        nw_buf_append(&nul, clean.data, cut);
        nw_buf_putc(&nul, '\0');
        if (w == 0)
            nw_buf_putc(&nul, '\0');
        nw_buf_append(&nul, clean.data + cut, clean.len - cut);
        struct nw_err e1 = {0}, e2 = {0};
        json_t *x = article_extract(clean.data, clean.len, "https://example.com/bridge", "text/html; charset=utf-8",
                                    &e1),
               *y = article_extract(nul.data, nul.len, "https://example.com/bridge", "text/html; charset=utf-8", &e2);
        assert_non_null(x);
        assert_non_null(y);
        assert_non_null(strstr(nw_json_str(x, "text"), "Paragraph 4"));
        char *sx = json_dumps(x, JSON_SORT_KEYS), *sy = json_dumps(y, JSON_SORT_KEYS);
        if (strcmp(sx, sy))
            fail_msg("a NUL at the '|' of %s: %s\nwithout it: %s", where[w], sy, sx);
        free(sx);
        free(sy);
        json_decref(x);
        json_decref(y);
        /* in windows-1252 and with no charset said, the same */
        y = article_extract(nul.data, nul.len, "https://example.com/bridge", "text/html; charset=windows-1252", &e2);
        assert_non_null(y);
        assert_non_null(strstr(nw_json_str(y, "text"), "Paragraph 4"));
        json_decref(y);
        y = article_extract(nul.data, nul.len, "https://example.com/bridge", NULL, &e2);
        assert_non_null(y);
        assert_non_null(strstr(nw_json_str(y, "text"), "Paragraph 4"));
        json_decref(y);
        nw_buf_cleanup(&clean);
        nw_buf_cleanup(&nul);
    }
    nw_buf_cleanup(&para);
    /* a replayed page's own address, after a NUL */
    static const char canon[] = "<html><head><meta charset=\"utf-8\">\0<link rel=\"canonical\" "
                                "href=\"https://example.org/after-nul\"></head><body>x</body></html>";
    char *u = html_page_url(canon, sizeof canon - 1);
    assert_non_null(u);
    assert_string_equal(u, "https://example.org/after-nul");
    free(u);
    /* a page in UTF-16 (its mark, no charset said): its zero bytes are
     * its characters' */
    static const char html[] = "<html><head><link rel=\"canonical\" href=\"https://example.org/wide\"></head><body>"
                               "<article><p>Words of a page in UTF-16 with its byte order mark, long enough to be "
                               "the page's body text.</p></article></body></html>";
    char u16[2 * sizeof html + 2] = {'\xff', '\xfe'};
    for (size_t i = 0; i < sizeof html - 1; i++) {
        u16[2 + 2 * i] = html[i];
        u16[2 + 2 * i + 1] = 0;
    }
    struct nw_err err = {0};
    json_t *o = article_extract(u16, 2 + 2 * (sizeof html - 1), "https://news.example/a", NULL, &err);
    assert_non_null(o);
    assert_non_null(strstr(nw_json_str(o, "text"), "byte order mark"));
    json_decref(o);
    u = html_page_url(u16, 2 + 2 * (sizeof html - 1));
    assert_non_null(u);
    assert_string_equal(u, "https://example.org/wide");
    free(u);
    /* its feed found by its <link>, its charset named to libxml2 */
    static const char linked[] = "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
                                 "href=\"https://example.org/feed.xml\"></head><body>x</body></html>";
    char w16[2 * sizeof linked + 2] = {'\xff', '\xfe'};
    for (size_t i = 0; i < sizeof linked - 1; i++) {
        w16[2 + 2 * i] = linked[i];
        w16[2 + 2 * i + 1] = 0;
    }
    json_t *found = feed_discover(w16, 2 + 2 * (sizeof linked - 1), NULL);
    assert_int_equal(json_array_size(found), 1);
    assert_string_equal(nw_json_str(json_array_get(found, 0), "url"), "https://example.org/feed.xml");
    json_decref(found);
}

/* A page's title and site name are display text: hundreds of kilobytes in
 * one come out cut to NW_LINE_MAX bytes, "…" at the end; the text is
 * not cut. */
static void test_huge_title(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>");
    for (int i = 0; i < 40000; i++)
        nw_buf_puts(&page, "Word ");
    nw_buf_puts(&page, "</title><meta property='og:site_name' content='");
    for (int i = 0; i < 20000; i++)
        nw_buf_puts(&page, "Site ");
    nw_buf_puts(&page, "'></head><body><article><h1>Head</h1><p>");
    for (int i = 0; i < 2000; i++)
        nw_buf_puts(&page, "Some text here. ");
    nw_buf_puts(&page, "</p></article></body></html>");
    struct nw_err err = {0};
    json_t *got = article_extract(page.data, page.len, "https://e.example/a", "text/html; charset=utf-8", &err);
    assert_non_null(got);
    const char *t = nw_json_str(got, "title"), *s = nw_json_str(got, "site_name");
    assert_non_null(t);
    assert_non_null(s);
    assert_true(strlen(t) <= NW_LINE_MAX && strlen(t) > NW_LINE_MAX - 64);
    assert_true(strlen(s) <= NW_LINE_MAX && strlen(s) > NW_LINE_MAX - 64);
    assert_string_equal(t + strlen(t) - 3, "\xe2\x80\xa6");
    assert_true(nw_json_int(got, "word_count", 0) >= 6000); /* the text whole */
    json_decref(got);
    nw_buf_cleanup(&page);
}

/* How many times needle is in hay. */
static int times_in(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* A paragraph of twelve words or more that the text has already is
 * left out (a call to sign up after every section, a block written twice
 * for two screen sizes); shorter ones repeat as the page has them (a
 * training plan's "Warm up" line each day). */
static void test_repeated_paragraphs(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>Plumbing trends</title></head><body><article><h1>Plumbing trends</h1>");
    for (int i = 0; i < 4; i++)
        nw_buf_printf(&page,
                      "<h2>Trend %d</h2><p>Section %d of the story holds enough words of its own to be a paragraph "
                      "of the article, with a clause or two.</p><p>Warm up for ten minutes, then run.</p>"
                      "<p>Sign up for our newsletter to get the latest plumbing industry news and trends "
                      "delivered to your inbox every week.</p>",
                      i, i);
    nw_buf_puts(&page, "</article></body></html>");
    struct nw_err err = {0};
    json_t *got = article_extract(page.data, page.len, "https://e.example/a", "text/html; charset=utf-8", &err);
    assert_non_null(got);
    const char *t = nw_json_str(got, "text");
    assert_non_null(t);
    assert_int_equal(times_in(t, "Sign up for our newsletter"), 1);
    assert_int_equal(times_in(t, "Warm up for ten minutes"), 4);
    assert_int_equal(times_in(t, "holds enough words of its own"), 4);
    json_decref(got);
    nw_buf_cleanup(&page);
}

/* A listing whose rows are mostly links (a news aggregator's: a rank, a
 * linked title, "12 points by user7 | discuss" under it) is its main
 * region, titles and all, though the cleaning of its best candidate
 * leaves the ranks alone. */
static void test_link_listing(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>New Links | Aggregator</title></head><body><table><tr><td><span>"
                       "<a href=\"/news\">Aggregator</a> <a href=\"/newest\">new</a></span></td></tr><tr><td><table>");
    for (int i = 1; i <= 30; i++)
        nw_buf_printf(
            &page,
            "<tr class=\"athing\"><td class=\"title\"><span class=\"rank\">%d.</span></td><td class=\"title\">"
            "<span class=\"titleline\"><a href=\"https://site%d.example/story\">Story number %d about "
            "something interesting happening today</a></span></td></tr><tr><td></td><td class=\"subtext\">"
            "<span>%d points by <a href=\"user?id=user%d\">user%d</a> | <a href=\"item?id=%d\">discuss</a>"
            "</span></td></tr>",
            i, i, i, i, i, i, i);
    nw_buf_puts(&page, "</table></td></tr></table></body></html>");
    struct nw_err err = {0};
    json_t *got = article_extract(page.data, page.len, "https://agg.example/newest", "text/html; charset=utf-8", &err);
    assert_non_null(got);
    const char *t = nw_json_str(got, "text");
    assert_non_null(t);
    assert_non_null(strstr(t, "Story number 1 about something"));
    assert_non_null(strstr(t, "Story number 30 about something"));
    json_decref(got);
    nw_buf_cleanup(&page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_seed_page),
                                       cmocka_unit_test(test_double_encoded_page),
                                       cmocka_unit_test(test_html5_references),
                                       cmocka_unit_test(test_agencies),
                                       cmocka_unit_test(test_agencies_offsets),
                                       cmocka_unit_test(test_agencies_set_off),
                                       cmocka_unit_test(test_lang_by_words),
                                       cmocka_unit_test(test_lang_sample_terminated),
                                       cmocka_unit_test(test_title_and_lang),
                                       cmocka_unit_test(test_text_lang),
                                       cmocka_unit_test(test_text_lang_sampled),
                                       cmocka_unit_test(test_text_lang_mixed),
                                       cmocka_unit_test(test_lang_script),
                                       cmocka_unit_test(test_text_lang_addresses),
                                       cmocka_unit_test(test_byline_names),
                                       cmocka_unit_test(test_cjk_byline),
                                       cmocka_unit_test(test_title_sources),
                                       cmocka_unit_test(test_time_text),
                                       cmocka_unit_test(test_metadata_in_linear_time),
                                       cmocka_unit_test(test_crowded_tag_page),
                                       cmocka_unit_test(test_page_url),
                                       cmocka_unit_test(test_page_address),
                                       cmocka_unit_test(test_shown_byline),
                                       cmocka_unit_test(test_author_sources),
                                       cmocka_unit_test(test_byline_not_text),
                                       cmocka_unit_test(test_introduced_lists),
                                       cmocka_unit_test(test_trailing_headings),
                                       cmocka_unit_test(test_signup_boxes),
                                       cmocka_unit_test(test_author_box),
                                       cmocka_unit_test(test_custom_elements),
                                       cmocka_unit_test(test_amp_components),
                                       cmocka_unit_test(test_landmark_roles),
                                       cmocka_unit_test(test_role_elements),
                                       cmocka_unit_test(test_author_note),
                                       cmocka_unit_test(test_paywall_prompt),
                                       cmocka_unit_test(test_ld_body_paragraphs),
                                       cmocka_unit_test(test_accordion_questions),
                                       cmocka_unit_test(test_heading_named_header),
                                       cmocka_unit_test(test_div_paragraphs),
                                       cmocka_unit_test(test_jump_link_sections),
                                       cmocka_unit_test(test_modal_dialog),
                                       cmocka_unit_test(test_forum_posts),
                                       cmocka_unit_test(test_builder_widgets),
                                       cmocka_unit_test(test_page_wrapper),
                                       cmocka_unit_test(test_templates),
                                       cmocka_unit_test(test_paragraph_end_tags),
                                       cmocka_unit_test(test_sections_under_body),
                                       cmocka_unit_test(test_linked_paragraph),
                                       cmocka_unit_test(test_loose_text_body),
                                       cmocka_unit_test(test_layout_table),
                                       cmocka_unit_test(test_font_layout_table),
                                       cmocka_unit_test(test_thread_posts),
                                       cmocka_unit_test(test_declared_discussion),
                                       cmocka_unit_test(test_not_html_and_minimal),
                                       cmocka_unit_test(test_undefined_bytes),
                                       cmocka_unit_test(test_page_not_what_it_says),
                                       cmocka_unit_test(test_cut_excerpts),
                                       cmocka_unit_test(test_hidden_until_found),
                                       cmocka_unit_test(test_noscript),
                                       cmocka_unit_test(test_gallery_captions),
                                       cmocka_unit_test(test_body_inside_furniture),
                                       cmocka_unit_test(test_body_ended_early),
                                       cmocka_unit_test(test_stray_table_part),
                                       cmocka_unit_test(test_block_in_drawing),
                                       cmocka_unit_test(test_link_holding_page),
                                       cmocka_unit_test(test_fault_before_story),
                                       cmocka_unit_test(test_main_of_sections),
                                       cmocka_unit_test(test_fragment_text),
                                       cmocka_unit_test(test_teaser_cards),
                                       cmocka_unit_test(test_ad_labels),
                                       cmocka_unit_test(test_paragraphs_showing_nothing),
                                       cmocka_unit_test(test_feed_is_no_page),
                                       cmocka_unit_test(test_pre_lines),
                                       cmocka_unit_test(test_invisible_characters),
                                       cmocka_unit_test(test_control_characters),
                                       cmocka_unit_test(test_nul_bytes),
                                       cmocka_unit_test(test_builder_post_info),
                                       cmocka_unit_test(test_junk_before_page),
                                       cmocka_unit_test(test_interstitials),
                                       cmocka_unit_test(test_not_pages),
                                       cmocka_unit_test(test_lifted_values_read_otherwise),
                                       cmocka_unit_test(test_huge_title),
                                       cmocka_unit_test(test_comments_by_shape),
                                       cmocka_unit_test(test_story_after_stray_end_tag),
                                       cmocka_unit_test(test_repeated_paragraphs),
                                       cmocka_unit_test(test_link_listing),
                                       cmocka_unit_test(test_lists_of_sources),
                                       cmocka_unit_test(test_link_lines),
                                       cmocka_unit_test(test_loose_text_article),
                                       cmocka_unit_test(test_access)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
