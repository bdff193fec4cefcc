#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../common/buf.h"
#include "../../../common/jsonx.h"
#include "../../../parser/charset.h"

static void check(const char *bytes, size_t len, const char *charset, const char *want)
{
    struct nw_buf out;
    assert_int_equal(charset_to_utf8(bytes, len, charset, &out, 0), 0);
    assert_non_null(out.data);
    assert_string_equal(out.data, want);
    nw_buf_cleanup(&out);
}

static void test_single_byte(void **state)
{
    (void)state;
    /* by table: each charset twice, so that the second use reads the kept table */
    for (int round = 0; round < 2; round++) {
        check("\xcf\xf0\xe8\xe2\xe5\xf2 1", 8, "windows-1251", "Привет 1");
        check("\xf0\xd2\xc9\xd7\xc5\xd4", 6, "KOI8-R", "Привет");
        check("\xa4 \xbd", 3, "ISO-8859-15", "€ œ");
        check("caf\xe9 \x80", 6, "ISO-8859-1", "café \xC2\x80");
        check("caf\xe9 \x80", 6, "windows-1252", "café €");
        check("abc", 3, "no-such-charset", "abc");
    }
}

static void test_multi_byte(void **state)
{
    (void)state;
    check("\x93\xfa\x96\x7b", 4, "SHIFT_JIS", "日本");
    check("\x93\xfa\x96\x7b", 4, "SHIFT_JIS", "日本");
    /* UTF-8 is repaired: each byte that starts no character becomes U+FFFD */
    check("a\x85\x80z \xC3\xA9\xED\xA0\x80", 10, "UTF-8", "a\xEF\xBF\xBD\xEF\xBF\xBDz \xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    /* UTF-16 both ways, with a surrogate pair (U+1F4F0), a lone surrogate and an odd last byte */
    check("h\0i\0=\xd8\xf0\xdc\0\xd8!\0x", 13, "UTF-16LE", "hi📰\xEF\xBF\xBD!\xEF\xBF\xBD");
    check("\0h\0i\xd8=\xdc\xf0", 8, "UTF-16BE", "hi📰");
    /* runs of ASCII go four code units at a time: the same result */
    check("a\0b\0c\0d\0e\0f\0g\0h\0\xe9\0i\0j\0k\0l\0", 26, "UTF-16LE", "abcdefghéijkl");
    check("\0a\0b\0c\0d\0e\0f\0g\0h\0\xe9\0i\0j\0k\0l", 26, "UTF-16BE", "abcdefghéijkl");
    check("plain ASCII then \xcf\xf0\xe8 and ASCII again!", 37, "windows-1251", "plain ASCII then При and ASCII again!");
    /* a label is read with the superset its users write in: GBK under
     * "gb2312", windows-31j's circled digits under "Shift_JIS", UHC under
     * "euc-kr" */
    check("\xe9\x46", 2, "gb2312", "镕");
    check("\x87\x40\x93\xfa", 4, "Shift_JIS", "①日");
    check("\x81\x41", 2, "euc-kr", "갂");
    /* labels iconv knows under another name */
    check("Caf\x8e", 4, "mac-roman", "Café");
    check("\x8f\xdf", 2, "x-mac-cyrillic", "Пя");
    check("\xa4\xb3", 2, "x-euc-jp", "こ");
    check("\x82\xf5", 2, "shift_jis_2004", "か\xe3\x82\x9a"); /* か゚, JIS X 0213's own */
    /* a label no converter knows: UTF-8 when the bytes are, else a guess */
    check("caf\xC3\xA9 \xE2\x80\x93", 9, "x-no-such-charset", "café –");
}

/* A label of a one-byte charset (an XML declaration's, a server's) over
 * bytes that are UTF-8 is not believed; over bytes that are not, it is. */
static void test_xml_labels(void **state)
{
    (void)state;
    char out[64];
    size_t bom, u8;
    const char *doc = "<?xml version=\"1.0\" encoding=\"us-ascii\"?><rss><title>caf\xC3\xA9</title></rss>";
    assert_string_equal(charset_for_xml(doc, strlen(doc), NULL, out, sizeof out, &bom, &u8), "UTF-8");
    doc = "<?xml version=\"1.0\" encoding=\"us-ascii\"?><rss><title>caf\xE9</title></rss>";
    assert_string_equal(charset_for_xml(doc, strlen(doc), NULL, out, sizeof out, &bom, &u8), "WINDOWS-1252");
    /* blank lines before the declaration (a script's output before the
     * feed's) hide nothing of it */
    doc = "\r\n\n  <?xml version=\"1.0\" encoding=\"iso-8859-2\"?><feed><title>Za\xBF\xF3\xB3\xE6</title></feed>";
    assert_string_equal(charset_for_xml(doc, strlen(doc), NULL, out, sizeof out, &bom, &u8), "iso-8859-2");
    static const char *const one_byte[] = {"ISO-8859-1", "windows-1252", "iso-8859-15", "windows-1251",
                                           "koi8-r",     "latin1",       "macintosh",   "cp1250"};
    char head[160];
    for (size_t i = 0; i < sizeof one_byte / sizeof *one_byte; i++) {
        snprintf(head, sizeof head,
                 "<?xml version=\"1.0\" encoding=\"%s\"?><rss><title>\xC5\x81\xC3\xB3"
                 "d\xC5\xBA</title></rss>",
                 one_byte[i]);
        assert_string_equal(charset_for_xml(head, strlen(head), NULL, out, sizeof out, &bom, &u8), "UTF-8");
        doc = "<?xml version=\"1.0\"?><rss><title>\xC5\x81\xC3\xB3"
              "d\xC5\xBA</title></rss>";
        snprintf(head, sizeof head, "text/xml; charset=%s", one_byte[i]);
        assert_string_equal(charset_for_xml(doc, strlen(doc), head, out, sizeof out, &bom, &u8), "UTF-8");
    }
    /* the label of a charset of more bytes a character is believed */
    doc = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss><title>\xC3\xA9</title></rss>";
    assert_string_equal(charset_for_xml(doc, strlen(doc), NULL, out, sizeof out, &bom, &u8), "Shift_JIS");
    doc = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><title>\xCF\xF0\xE8\xE2\xE5\xF2</title></rss>";
    assert_string_equal(charset_for_xml(doc, strlen(doc), NULL, out, sizeof out, &bom, &u8), "windows-1251");
    /* EBCDIC: the page declared, its quotation marks the Turkish page's
     * own in the second; none declared: the US page */
    doc = "\x4c\x6f\xa7\x94\x93\x40\xa5\x85\x99\xa2\x89\x96\x95\x7e\x7f\xf1\x4b\xf0\x7f\x40\x85\x95\x83\x96"
          "\x84\x89\x95\x87\x7e\x7f\x83\x97\xf5\xf0\xf0\x7f\x6f\x6e";
    assert_string_equal(charset_for_xml(doc, strlen(doc), NULL, out, sizeof out, &bom, &u8), "IBM500");
    doc = "\x4c\x6f\xa7\x94\x93\x40\xa5\x85\x99\xa2\x89\x96\x95\x7e\xfc\xf1\x4b\xf0\xfc\x40\x85\x95\x83\x96"
          "\x84\x89\x95\x87\x7e\xfc\x83\x97\xf1\xf0\xf2\xf6\xfc\x6f\x6e";
    assert_string_equal(charset_for_xml(doc, strlen(doc), NULL, out, sizeof out, &bom, &u8), "IBM1026");
    doc = "\x4c\x6f\xa7\x94\x93\x40\xa5\x85\x99\xa2\x89\x96\x95\x7e\x7f\xf1\x4b\xf0\x7f\x6f\x6e";
    assert_string_equal(charset_for_xml(doc, strlen(doc), NULL, out, sizeof out, &bom, &u8), "IBM037");
}

/* text (UTF-8) in `charset`, through iconv: a page or feed as a legacy
 * CMS wrote it */
static char *legacy(const char *text, const char *charset, size_t *len)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(text), outleft = 4 * inleft + 4;
    char *out = malloc(outleft), *o = out, *in = (char *)text;
    assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(o - out);
    return out;
}

/* A text that declares no charset and is not UTF-8 reads as it was
 * written: western text in windows-1252, whose few letters beyond ASCII
 * uchardet takes for a neighbour's (windows-1250's "č" for "è", Mac
 * Central European's "í" for "’"); and the neighbours' own text, which
 * makes no words in windows-1252, in its charset. */
static void test_undeclared_legacy(void **state)
{
    (void)state;
    static const struct {
        const char *charset, *text;
    } cases[] = {
        {"WINDOWS-1252", "<p>Una nave con oltre trecento migranti a bordo \u00e8 arrivata questa mattina nel porto di "
                         "Lampedusa, dove \u00e8 stata accolta dai volontari e dalla guardia costiera.</p>"},
        {"WINDOWS-1252", "<p>Kotlin\u2019s string templates have been a much-liked feature from the beginning, and "
                         "this video shows what the new version adds to them for library authors.</p>"},
        {"WINDOWS-1252", "<p>Qeveria miratoi t\u00eb m\u00ebrkur\u00ebn nj\u00eb paket\u00eb t\u00eb re ndihme "
                         "p\u00ebr familjet me t\u00eb ardhura t\u00eb ul\u00ebta n\u00eb t\u00eb gjith\u00eb "
                         "vendin.</p>"},
        {"WINDOWS-1250", "<p>Rz\u0105d przedstawi\u0142 w \u015brod\u0119 projekt ustawy, kt\u00f3ry ma "
                         "zwi\u0119kszy\u0107 wydatki na ochron\u0119 zdrowia i skr\u00f3ci\u0107 kolejki do "
                         "lekarzy specjalist\u00f3w w ca\u0142ym kraju.</p>"},
        {"WINDOWS-1257", "<p>Vald\u012bba tre\u0161dien apstiprin\u0101ja jaunu atbalsta pas\u0101kumu "
                         "kopumu \u0123imen\u0113m ar b\u0113rniem un pensionariem vis\u0101 valst\u012b.</p>"},
        {"KOI8-U", "<p>\u0423\u0440\u044f\u0434 \u0443 \u0441\u0435\u0440\u0435\u0434\u0443 \u0443\u0445"
                   "\u0432\u0430\u043b\u0438\u0432 \u0440\u0456\u0448\u0435\u043d\u043d\u044f \u043f"
                   "\u0440\u043e \u0434\u043e\u0434\u0430\u0442\u043a\u043e\u0432\u0435 \u0444\u0456"
                   "\u043d\u0430\u043d\u0441\u0443\u0432\u0430\u043d\u043d\u044f \u0432\u0456\u0434"
                   "\u043d\u043e\u0432\u043b\u0435\u043d\u043d\u044f \u0435\u043d\u0435\u0440\u0433"
                   "\u0435\u0442\u0438\u0447\u043d\u043e\u0457 \u0456\u043d\u0444\u0440\u0430\u0441"
                   "\u0442\u0440\u0443\u043a\u0442\u0443\u0440\u0438 \u043a\u0440\u0430\u0457\u043d"
                   "\u0438.</p>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len;
        char *bytes = legacy(cases[i].text, cases[i].charset, &len);
        const char *cs = charset_for_html(bytes, len, NULL);
        assert_non_null(cs);
        struct nw_buf out;
        assert_int_equal(charset_to_utf8(bytes, len, cs, &out, 0), 0);
        if (strcmp(out.data, cases[i].text))
            fail_msg("case %zu read as %s: %s", i, cs, out.data);
        nw_buf_cleanup(&out);
        free(bytes);
    }
}

static void meta(const char *page, const char *want)
{
    char out[64];
    const char *got = charset_from_meta(page, strlen(page), out, sizeof out);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
}

/* The charset a page declares, as a browser's prescan finds it. */
static void test_meta(void **state)
{
    (void)state;
    meta("<html><head><meta charset=\"gb2312\"><title>", "gb2312");
    meta("<META CHARSET=' windows-1252 '>", "windows-1252");
    meta("<meta name=viewport content=\"width=device-width\"><meta charset=utf-8/>", "utf-8");
    meta("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Big5\">", "Big5");
    meta("<meta content='text/html; charset=euc-kr' http-equiv='content-type'>", "euc-kr");
    /* a content without http-equiv, a comment, and no declaration at all */
    meta("<meta name=description content=\"charset=koi8-r\"><p>", NULL);
    meta("<!-- <meta charset=koi8-r> --><title>x</title>", NULL);
    meta("<p>charset=koi8-r</p>", NULL);
    /* bytes that spell out <meta> are read as UTF-8, whatever they say */
    meta("<meta charset=utf-16le>", "UTF-8");
}

static void undo(const char *s, const char *want)
{
    struct nw_buf out;
    int r = charset_undo_double_utf8(s, strlen(s), &out);
    if (!want) {
        assert_int_equal(r, 0);
        return;
    }
    assert_int_equal(r, 1);
    assert_string_equal(out.data, want);
    nw_buf_cleanup(&out);
}

/* UTF-8 read as windows-1252 and encoded again, as a whole: turned back;
 * anything else: left as it is. */
static void test_double_utf8(void **state)
{
    (void)state;
    undo("<p>don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t caf\xC3\x83\xC2\xA9</p>", "<p>don\xE2\x80\x99t caf\xC3\xA9</p>");
    /* ISO-8859-1's reading: C1 controls where windows-1252 has specials */
    undo("let\xC3\xA2\xC2\x80\xC2\x99s", "let\xE2\x80\x99s");
    /* proper UTF-8 beside it: not one reading of the whole, left */
    undo("caf\xC3\x83\xC2\xA9 and caf\xC3\xA9", NULL);
    undo("\xC3\x83\xC2\xA9 \xE6\x97\xA5\xE6\x9C\xAC", NULL);
    /* text that only looks so ("Ã©" on purpose, once) has no valid reading */
    undo("plain ASCII", NULL);
    undo("caf\xC3\xA9", NULL);
}

/* Whatever the label, the output is strict UTF-8: glibc's iconv takes
 * "]utf-8" for UTF-8 and passes a 5-byte form (F8 BB BB BB BB) through. */
static void test_strict_output(void **state)
{
    (void)state;
    const char *labels[] = {"]utf-8", "utf-8", "UTF8", "ISO-8859-1", "windows-1251", "x-unknown"};
    const char in[] = "a\xf8\xbb\xbb\xbb\xbb b\xf8\xf8 c\xc3\xa9";
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        struct nw_buf out;
        assert_int_equal(charset_to_utf8(in, sizeof in - 1, labels[i], &out, 0), 0);
        assert_true(out.len > 0);
        assert_int_equal(nw_utf8_valid_len(out.data, out.len), out.len);
        nw_buf_cleanup(&out);
    }
}

/* UTF-8 with a character cut in the middle (a text shortened at a byte
 * count) and with windows-1252 bytes pasted in: the cut character is one
 * U+FFFD, the pasted bytes are read as windows-1252 letters. */
static void mixed(const char *in, const char *want)
{
    struct nw_buf out;
    assert_int_equal(charset_utf8_mixed(in, strlen(in), &out, 0), 0);
    assert_non_null(out.data);
    assert_string_equal(out.data, want);
    nw_buf_cleanup(&out);
}

static const char *say(const char *in)
{
    return charset_bytes_say(in, strlen(in));
}

static void test_utf8_cut_short(void **state)
{
    (void)state;
    mixed("Gr\xc3\xbc\xc3\x9f"
          "e bei Z\xe2\x80</p>",
          "Grüße bei Z\xef\xbf\xbd</p>");
    mixed("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81", "日本語\xef\xbf\xbd");
    mixed("a \xf0\x9f\x98 b \xf0\x9f c \xc3\xa9", "a \xef\xbf\xbd b \xef\xbf\xbd c é");
    /* a lone lead byte is windows-1252's letter ("Gruß", "café") */
    mixed("Gru\xdf, caf\xe9 \xe2\x80\x94 ok", "Gruß, café — ok");
    /* a second byte outside its lead's range cuts nothing short: E0 80 is
     * no sequence's start (overlong), ED A0 a surrogate's */
    mixed("x\xe0\x80 y\xed\xa0 \xc3\xa9", "xà€ yí\xc2\xa0 é");
    /* cut characters are UTF-8's, not stray bytes of another charset: a
     * document of ASCII but for one of them is UTF-8 */
    assert_string_equal(say("plain text, cut \xe2\x80"), "UTF-8");
    assert_string_equal(say("caf\xc3\xa9, Z\xe2\x80 K\xe6\x97"), "UTF-8");
}

/* What charset_to_utf8 gives, as iconv gives it one character at a time
 * (each call given the fewest bytes that make one): what iconv refuses is
 * U+FFFD for the bytes it took, or for one byte. */
static void by_iconv(const char *in, size_t n, const char *charset, struct nw_buf *out)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    assert_true(cd != (iconv_t)-1);
    nw_buf_init(out, 0);
    for (size_t i = 0; i < n;) {
        char o[16];
        size_t made = 0, used = 0;
        for (size_t k = 1; i + k <= n && k <= 8; k++) {
            char *ip = (char *)in + i, *op = o;
            size_t il = k, ol = sizeof o;
            size_t r = iconv(cd, &ip, &il, &op, &ol);
            int e = errno;
            iconv(cd, NULL, NULL, NULL, NULL);
            used = k - il;
            made = sizeof o - ol;
            if (r != (size_t)-1 || e != EINVAL)
                break;
        }
        if (made)
            nw_buf_append(out, o, made);
        else
            nw_buf_puts(out, "\xEF\xBF\xBD");
        i += made || used ? used : 1;
    }
    iconv_close(cd);
    /* and the output made strict UTF-8 */
    struct nw_buf raw = *out;
    nw_buf_init(out, 0);
    for (size_t i = 0; i < raw.len;) {
        size_t v = nw_utf8_valid_len(raw.data + i, raw.len - i);
        nw_buf_append(out, raw.data + i, v);
        i += v;
        if (i < raw.len) {
            nw_buf_puts(out, "\xEF\xBF\xBD");
            i++;
        }
    }
    nw_buf_putc(out, '\0');
    out->len--;
    nw_buf_cleanup(&raw);
}

static void same_as_iconv(const char *in, size_t n, const char *charset)
{
    struct nw_buf got, want;
    assert_int_equal(charset_to_utf8(in, n, charset, &got, 0), 0);
    by_iconv(in, n, charset, &want);
    if (got.len != want.len || memcmp(got.data ? got.data : "", want.data, want.len)) {
        char hex[200] = "";
        for (size_t i = 0; i < n && i < 60; i++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02x", (unsigned char)in[i]);
        fail_msg("%s: %s: got %zu bytes, iconv %zu", charset, hex, got.len, want.len);
    }
    nw_buf_cleanup(&got);
    nw_buf_cleanup(&want);
}

/* Multi-byte charsets are read by a table made from iconv, and what the
 * table does not hold by iconv where it stands: the output is iconv's,
 * for every pair of bytes after every lead byte and for random text of
 * each charset's characters, broken sequences and stray bytes. */
static void test_multi_byte_tables(void **state)
{
    (void)state;
    /* labels charset_to_utf8 gives to iconv as they are, without a state
     * (single-byte ones among them, where ASCII is not ASCII or is) */
    const char *charsets[] = {"CP932",   "WINDOWS-31J", "CP949",          "UHC",          "GB18030",
                              "BIG5-HKSCS", "EUC-JP",   "EUC-TW",         "SHIFT_JISX0213", "EUC-JISX0213",
                              "JOHAB",   "KOI8-R",      "IBM037",         "]utf-8",       "WINDOWS-1251",
                              "WINDOWS-1252", "ISO-8859-15"};
    unsigned seed = 12345;
    for (size_t k = 0; k < sizeof charsets / sizeof *charsets; k++) {
        const char *cs = charsets[k];
        for (unsigned a = 0x80; a < 0x100; a++) {
            char in[8] = {'x', (char)a, 0, 'y', (char)a};
            for (unsigned b = 0; b < 0x100; b++) {
                in[2] = (char)b;
                same_as_iconv(in, 5, cs); /* the last lead byte alone at the end */
            }
        }
        /* text: runs of ASCII, pairs and runs of high bytes */
        for (int round = 0; round < 300; round++) {
            char in[600];
            size_t n = 0, want = 50 + (size_t)(round * 7 % 500);
            while (n < want) {
                seed = seed * 1103515245u + 12345u;
                unsigned r = seed >> 8;
                if (r % 5 == 0)
                    for (unsigned j = 0; j < 1 + r % 12 && n < want; j++)
                        in[n++] = (char)(' ' + (r + j) % 90);
                else
                    in[n++] = (char)(0x80 + (r >> 4) % 0x80 - (r % 7 == 0 ? 0x50 : 0));
            }
            same_as_iconv(in, n, cs);
        }
    }
    /* charsets with a state (shifts, base64 runs) are read by iconv whole */
    for (int round = 0; round < 2; round++) {
        check("a\x1b$BF|K\\\x1b(Bb", 12, "ISO-2022-JP", "a日本b");
        check("a+ZeVnLA-b", 10, "UTF-7", "a日本b");
    }
}

/* UTF-16 both ways, long texts of ASCII runs and other characters (the
 * ASCII ones go 8 code units at a time): as iconv reads them. */
static void test_utf16_long(void **state)
{
    (void)state;
    unsigned seed = 99;
    for (int round = 0; round < 400; round++) {
        static char le[1400], be[1400];
        size_t n = 0, want = 2 * (size_t)(1 + round * 13 % 690);
        while (n < want) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8, u;
            if (r % 3)
                u = ' ' + r % 90; /* ASCII */
            else
                u = 0x80 + r % 0xD700; /* below the surrogates */
            if (r % 17 == 0)
                u = 0x100 | (r & 0x7F); /* ASCII's low byte, a high byte set */
            le[n] = (char)(u & 0xFF);
            le[n + 1] = (char)(u >> 8);
            be[n] = (char)(u >> 8);
            be[n + 1] = (char)(u & 0xFF);
            n += 2;
        }
        same_as_iconv(le, n, "UTF-16LE");
        same_as_iconv(be, n, "UTF-16BE");
    }
}

/* Threads that meet the same pairs at once, each filling in the table's
 * entries the first time: each reads the text as iconv does. */
struct reader {
    const char *in;
    size_t n;
    const struct nw_buf *want;
    int same;
};

static void *read_text(void *arg)
{
    struct reader *r = arg;
    r->same = 1;
    for (int round = 0; round < 3; round++) {
        struct nw_buf got;
        if (charset_to_utf8(r->in, r->n, "IBM943", &got, 0) != 0 || got.len != r->want->len ||
            memcmp(got.data, r->want->data, got.len))
            r->same = 0;
        nw_buf_cleanup(&got);
    }
    return NULL;
}

static void test_multi_byte_threads(void **state)
{
    (void)state;
    static char in[40000];
    unsigned seed = 7;
    for (size_t i = 0; i < sizeof in; i += 2) {
        seed = seed * 1103515245u + 12345u;
        in[i] = (char)(0x81 + (seed >> 9) % 0x1F);     /* a lead byte of Shift_JIS's first range */
        in[i + 1] = (char)(0x40 + (seed >> 17) % 0xBD); /* a trail byte, or not one */
    }
    struct nw_buf want;
    by_iconv(in, sizeof in, "IBM943", &want); /* a charset no other test reads */
    struct reader r[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        r[i] = (struct reader){in, sizeof in, &want, 0};
        assert_int_equal(pthread_create(&th[i], NULL, read_text, &r[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_true(r[i].same);
    }
    nw_buf_cleanup(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_byte),       cmocka_unit_test(test_multi_byte),
        cmocka_unit_test(test_multi_byte_tables), cmocka_unit_test(test_multi_byte_threads),
        cmocka_unit_test(test_utf16_long),        cmocka_unit_test(test_meta),
        cmocka_unit_test(test_double_utf8),       cmocka_unit_test(test_strict_output),
        cmocka_unit_test(test_xml_labels),        cmocka_unit_test(test_undeclared_legacy),
        cmocka_unit_test(test_utf8_cut_short)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
