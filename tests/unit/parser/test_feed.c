#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include <dirent.h>

#include "../../../common/jsonx.h"
#include "../../../common/msg.h"
#include "../../../common/noun.h"
#include "../../../parser/parser.h"
#include "../fixture.h"


static json_t *parse_str(const char *s, const char *url)
{
    struct nw_err err = {0};
    json_t *o = feed_parse(s, strlen(s), url, NULL, &err);
    if (!o)
        fail_msg("parse failed: %s", err.msg);
    assert_true(nw_json_utf8_ok(o));
    return o;
}

static const json_t *item(const json_t *o, size_t i) { return json_array_get(json_object_get(o, "items"), i); }

/* Item i's first category; NULL when it has none. */
static const char *first_category(const json_t *o, size_t i)
{
    return json_string_value(json_array_get(json_object_get(item(o, i), "categories"), 0));
}

/* Each item's `key`, in order, is want[i] (NULL: absent). */
static void expect_items(const json_t *o, const char *key, const char *const *want, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = nw_json_str(item(o, i), key);
        if (!want[i] ? got != NULL : !got || strcmp(got, want[i]))
            fail_msg("item %zu %s: got \"%s\", want \"%s\"", i, key, got ? got : "(null)",
                     want[i] ? want[i] : "(null)");
    }
}

static void test_seed_feed(void **state)
{
    (void)state;
    size_t len;
    char *d = fixture_slurp(NW_SHARED_DIR "/corpus/seed/feed.xml", &len);
    struct nw_err err = {0};
    json_t *o = feed_parse(d, len, NULL, NULL, &err);
    assert_non_null(o);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
    /* ISO-8859-1 with a character reference for the apostrophe */
    assert_string_equal(nw_json_str(item(o, 0), "title"),
                        "Haut-Karabakh : Poutine appelle \xc3\xa0 l\xe2\x80\x99" "arr\xc3\xaat des combats et invite "
                        "Bakou et Erevan \xc3\xa0 Moscou");
    assert_string_equal(nw_json_str(item(o, 0), "published"), "2020-10-09T08:32:00Z");
    assert_string_equal(nw_json_str(item(o, 1), "published"), "2020-10-08T15:05:00Z");
    assert_string_equal(nw_json_str(item(o, 0), "guid"), "cc-12423");
    assert_non_null(strstr(nw_json_str(item(o, 0), "url"), "/monde/2020/10/09/haut-karabakh"));
    assert_string_equal(nw_json_str(item(o, 1), "url"), "https://courrier-caucase.example/monde/2020/10/08/erevan-bombardements");
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "language"), "fr-fr");
    json_decref(o);
    free(d);
}

static void test_atom(void **state)
{
    (void)state;
    json_t *o = parse_str("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom' xml:base='http://ex.org/blog/'>"
                          "<title type='html'>A &lt;b&gt;bold&lt;/b&gt; feed</title>"
                          "<link href='/'/><updated>2021-01-02T03:04:05Z</updated>"
                          "<entry><id>tag:ex.org,2021:1</id><title>First</title>"
                          "<link rel='alternate' href='posts/1'/><link rel='enclosure' href='a.mp3' type='audio/mpeg' length='123'/>"
                          "<published>2021-01-01T00:00:00+01:00</published><updated>2021-01-02T00:00:00Z</updated>"
                          "<author><name>Ann Author</name><email>ann@ex.org</email></author>"
                          "<category term='news' label='News'/>"
                          "<summary>Short</summary><content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>Body <b>text</b></p></div></content>"
                          "</entry></feed>",
                          NULL);
    const json_t *f = json_object_get(o, "feed");
    assert_string_equal(nw_json_str(f, "title"), "A bold feed");
    assert_string_equal(nw_json_str(f, "link"), "http://ex.org/");
    const json_t *it = item(o, 0);
    assert_string_equal(nw_json_str(it, "url"), "http://ex.org/blog/posts/1");
    assert_string_equal(nw_json_str(it, "guid"), "tag:ex.org,2021:1");
    assert_string_equal(nw_json_str(it, "published"), "2020-12-31T23:00:00Z");
    assert_string_equal(nw_json_str(it, "updated"), "2021-01-02T00:00:00Z");
    assert_string_equal(nw_json_str(it, "author"), "Ann Author");
    assert_string_equal(json_string_value(json_array_get(json_object_get(it, "categories"), 0)), "news");
    assert_non_null(strstr(nw_json_str(it, "content"), "<b>text</b>"));
    const json_t *enc = json_array_get(json_object_get(it, "enclosures"), 0);
    assert_string_equal(nw_json_str(enc, "url"), "http://ex.org/blog/a.mp3");
    assert_int_equal(nw_json_int(enc, "length", 0), 123);
    json_decref(o);
    /* Atom 0.3 base64 titles: plain text, unless their type says HTML;
     * an address with spaces around it */
    o = parse_str("<feed xmlns='http://purl.org/atom/ns#' version='0.3'><title>F</title>"
                  "<entry><title type='text/html' mode='base64'>PHA+YiAmYW1wOyA2NDwvcD4=</title><id>urn:1</id>"
                  "<link rel='alternate' type='text/html' href=' http://ex.org/1 &#10;'/></entry>"
                  "<entry><title type='text/plain' mode='base64'>PHA+YjwvcD4=</title><id>urn:2</id></entry></feed>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "b & 64");
    assert_string_equal(nw_json_str(item(o, 0), "url"), "http://ex.org/1");
    assert_string_equal(nw_json_str(item(o, 1), "title"), "<p>b</p>");
    json_decref(o);
    /* characters XML does not allow are left out; they sent libxml2 into
     * a recovery that dropped every later &amp; */
    o = parse_str("<rss><channel><item><title>A\x01" "B\xef\xbf\xbe" "C</title><description>x &amp; y</description></item>"
                  "<item><title>Tom &amp; Jerry\x0b</title></item></channel></rss>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "ABC");
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "x & y");
    assert_string_equal(nw_json_str(item(o, 1), "title"), "Tom & Jerry");
    json_decref(o);
    /* any other fault (an address in angle brackets read as a tag)
     * sends libxml2 into the same recovery: the five predefined
     * references after it are kept, in text and in attribute values */
    o = parse_str("<rss><channel><item><author>Jane Doe <jd@example.org></author><title>A</title></item>"
                  "<item><title>Tom &amp; &lt;Jerry&gt; &quot;&apos;</title><link>http://ex.org/?a=1&amp;b=2</link>"
                  "<enclosure url='http://ex.org/e.mp3?a=1&amp;b=2' type='audio/mpeg'/></item></channel></rss>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 1), "title"), "Tom & <Jerry> \"'");
    assert_string_equal(nw_json_str(item(o, 1), "url"), "http://ex.org/?a=1&b=2");
    assert_string_equal(nw_json_str(json_array_get(json_object_get(item(o, 1), "enclosures"), 0), "url"),
                        "http://ex.org/e.mp3?a=1&b=2");
    json_decref(o);
    /* a control character before the root too */
    o = parse_str("\x01<rss><channel><title>C</title><item><title>Tom &amp; Jerry</title></item></channel></rss>", NULL);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "Tom & Jerry");
    json_decref(o);
    /* attribute values without quotes, as an HTML parser reads them */
    o = parse_str("<rss version=2.0><channel><title>C</title><item><title a=b>T</title>"
                  "<enclosure url=http://ex.org/e.mp3?a=1&amp;b=2 length= 5 type=audio/mpeg/></item>"
                  "<item><title>U &amp; V</title><link>http://ex.org/u</link></item></channel></rss>",
                  NULL);
    const json_t *e0 = json_array_get(json_object_get(item(o, 0), "enclosures"), 0);
    assert_string_equal(nw_json_str(e0, "url"), "http://ex.org/e.mp3?a=1&b=2");
    assert_string_equal(nw_json_str(e0, "type"), "audio/mpeg");
    assert_int_equal(nw_json_int(e0, "length", 0), 5);
    assert_string_equal(nw_json_str(item(o, 1), "title"), "U & V");
    json_decref(o);
    /* a quoted value holding '>' and the other quote, past 16 bytes, then
     * an unquoted one: the tag ends at its own '>' */
    o = parse_str("<rss><channel><title>C</title><item><title>T</title>"
                  "<enclosure title=\"a > b, 'c' > d and more words\" x='e > \"f\" >' url=http://ex.org/g.mp3 "
                  "type=audio/mpeg/></item></channel></rss>",
                  NULL);
    e0 = json_array_get(json_object_get(item(o, 0), "enclosures"), 0);
    assert_string_equal(nw_json_str(e0, "url"), "http://ex.org/g.mp3");
    assert_string_equal(nw_json_str(e0, "type"), "audio/mpeg");
    json_decref(o);
    /* prefixes every feed reader knows, used without being declared */
    o = parse_str("<rss><channel><title>C</title><item><title>T</title><dc:creator>Ann</dc:creator>"
                  "<ITUNES:DURATION>3</ITUNES:DURATION><content:encoded>&lt;p&gt;full&lt;/p&gt;</content:encoded>"
                  "<media:content url='http://ex.org/m.jpg'/></item></channel></rss>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "author"), "Ann");
    assert_string_equal(nw_json_str(item(o, 0), "content"), "<p>full</p>");
    assert_non_null(json_object_get(item(o, 0), "enclosures"));
    json_decref(o);
    /* a '<' that starts no markup is text, as a browser reads it */
    o = parse_str("<rss version='2.0'><channel><title>1 < 2</title><item><title>a <3 you &amp; x <- y</title>"
                  "<description>if a <= b</description></item></channel></rss>",
                  NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "1 < 2");
    assert_string_equal(nw_json_str(item(o, 0), "title"), "a <3 you & x <- y");
    assert_non_null(strstr(nw_json_str(item(o, 0), "summary"), "a <= b"));
    json_decref(o);
}

/* pubDate, published and issued say the publication date; dc:date and
 * created say it only when nothing of those does (a dc:date beside a
 * pubDate is the update, as feedparser reads it), in either order. */
/* An Atom element without a type is text (RFC 4287 3.1.1; Atom 0.3 said
 * text/plain): what looks like markup in it is text, kept in a title and
 * escaped in a summary or content, as with type="text". RSS's elements,
 * which have no type, stay escaped HTML. */
static void test_atom_untyped_is_text(void **state)
{
    (void)state;
    json_t *o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>Tom &amp; &lt;Jerry&gt;</title>"
                          "<entry><id>urn:1</id><title>History of the &lt;blink&gt; tag</title>"
                          "<summary>x &lt; y, &lt;p&gt;not a paragraph&lt;/p&gt;</summary>"
                          "<content>&lt;b&gt;as written&lt;/b&gt;</content></entry></feed>",
                          NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "Tom & <Jerry>");
    const json_t *it = item(o, 0);
    assert_string_equal(nw_json_str(it, "title"), "History of the <blink> tag");
    assert_string_equal(nw_json_str(it, "summary"), "x &lt; y, &lt;p&gt;not a paragraph&lt;/p&gt;");
    assert_string_equal(nw_json_str(it, "content"), "&lt;b&gt;as written&lt;/b&gt;");
    json_decref(o);
    /* Atom 0.3, base64 content of the default type included */
    o = parse_str("<feed xmlns='http://purl.org/atom/ns#' version='0.3'><title>F</title>"
                  "<entry><id>urn:2</id><title>&lt;b&gt;Bold&lt;/b&gt;</title>"
                  "<content mode='base64'>PHA+QjY0PC9wPg==</content></entry></feed>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "<b>Bold</b>");
    assert_string_equal(nw_json_str(item(o, 0), "content"), "&lt;p&gt;B64&lt;/p&gt;");
    json_decref(o);
    /* RSS: escaped HTML */
    o = parse_str(
        "<rss version='2.0'><channel><title>C</title><item><title>&lt;b&gt;Bold&lt;/b&gt; news</title>"
        "<link>http://ex.org/1</link><description>&lt;p&gt;Para&lt;/p&gt;</description></item></channel></rss>",
        NULL);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "Bold news");
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "<p>Para</p>");
    json_decref(o);
}

/* JSON Feed's titles and names are plain text: brackets in them are
 * text ("the return of <i> and <b>"); character references, which
 * publishers write there, are decoded. */
static void test_json_feed_plain_titles(void **state)
{
    (void)state;
    json_t *o = parse_str("{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Tags &amp; <code>\","
                          " \"items\": [{\"id\": \"1\", \"title\": \"The return of <i> and <b>\","
                          " \"authors\": [{\"name\": \"Jo <jo@ex.org>\"}]},"
                          " {\"id\": \"2\", \"title\": \"It&#8217;s 1 < 2\"}]}",
                          NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "Tags & <code>");
    assert_string_equal(nw_json_str(item(o, 0), "title"), "The return of <i> and <b>");
    assert_non_null(strstr(nw_json_str(item(o, 0), "author"), "Jo <jo@ex.org>"));
    assert_string_equal(nw_json_str(item(o, 1), "title"), "It\u2019s 1 < 2");
    json_decref(o);
}

/* A JSON Feed's "\u0000" is left out of its string, as an XML feed's
 * NUL is: kept, it ended the string (a title cut there, a content's
 * paragraphs after it lost). */
/* A date no feed means (Go's and .NET's zero time, as Hugo writes it for
 * undated pages; "never") is none, in every format; a late one that is
 * a date stays */
static void test_zero_dates(void **state)
{
    (void)state;
    json_t *r = parse_str("<rss version=\"2.0\"><channel><title>t</title>"
                          "<item><title>a</title><link>http://e.com/a</link>"
                          "<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>"
                          "<item><title>b</title><link>http://e.com/b</link>"
                          "<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item>"
                          "<item><title>c</title><link>http://e.com/c</link>"
                          "<pubDate>Thu, 31 Dec 2199 10:00:00 GMT</pubDate></item></channel></rss>",
                          NULL);
    const char *const want[] = {NULL, NULL, "2199-12-31T10:00:00Z"};
    expect_items(r, "published", want, 3);
    json_t *a = parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
                          "<entry><id>urn:a</id><title>a</title><published>0001-01-01T00:00:00Z</published>"
                          "<updated>0001-01-01T00:00:00Z</updated></entry></feed>",
                          NULL);
    assert_null(nw_json_str(item(a, 0), "published"));
    assert_null(nw_json_str(item(a, 0), "updated"));
    json_t *j = parse_str("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\","
                          " \"title\": \"x\", \"date_published\": \"0001-01-01T00:00:00Z\"}]}",
                          NULL);
    assert_null(nw_json_str(item(j, 0), "published"));
    json_decref(r);
    json_decref(a);
    json_decref(j);
}

static void test_json_feed_nul(void **state)
{
    (void)state;
    static const char with[] = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Ne\\u0000ws\","
                               " \"items\": [{\"id\": \"1\\u0000\", \"title\": \"a\\u0000b\", \"content_html\":"
                               " \"<p>x</p>\\u0000<p>y</p>\", \"summary\": \"\\u0000s\\u0000\","
                               " \"authors\": [{\"name\": \"Jo\\u0000 Roe\"}]}, {\"id\": \"2\", \"title\": \"two\"}]}";
    static const char without[] = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"News\","
                                  " \"items\": [{\"id\": \"1\", \"title\": \"ab\", \"content_html\":"
                                  " \"<p>x</p><p>y</p>\", \"summary\": \"s\","
                                  " \"authors\": [{\"name\": \"Jo Roe\"}]}, {\"id\": \"2\", \"title\": \"two\"}]}";
    json_t *a = parse_str(with, NULL), *b = parse_str(without, NULL);
    char *sa = json_dumps(a, JSON_SORT_KEYS), *sb = json_dumps(b, JSON_SORT_KEYS);
    assert_string_equal(sa, sb);
    assert_string_equal(nw_json_str(item(a, 0), "title"), "ab");
    assert_non_null(strstr(nw_json_str(item(a, 0), "content"), "<p>y</p>"));
    /* the same from yajl, which reads JSON with comments; and a backslash
     * written before "u0000" is text */
    char loose[1024];
    snprintf(loose, sizeof loose, "{/* to yajl */%s", with + 1);
    json_t *c = parse_str(loose, NULL);
    char *sc = json_dumps(c, JSON_SORT_KEYS);
    assert_string_equal(sc, sb);
    static const char slash[] = "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"id\": \"1\","
                                " \"title\": \"x\\\\u0000y \\\\\\u0000z\"}]}";
    json_t *d = parse_str(slash, NULL);
    assert_string_equal(nw_json_str(item(d, 0), "title"), "x\\u0000y \\z");
    snprintf(loose, sizeof loose, "{/* to yajl */%s", slash + 1);
    json_t *e = parse_str(loose, NULL);
    assert_string_equal(nw_json_str(item(e, 0), "title"), "x\\u0000y \\z");
    free(sa);
    free(sb);
    free(sc);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    json_decref(d);
    json_decref(e);
}

/* HTML written raw, as markup, in an RSS title, description or
 * content:encoded is read as the escaped HTML it stands for: its markup
 * kept, and when it is not well-formed ("<br>", an unclosed "<p>") the
 * items after it kept too. Atom's XHTML titles stay markup (the root is
 * found after a comment holding '>'). */
static void test_raw_html_in_rss(void **state)
{
    (void)state;
    json_t *o =
        parse_str("<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
                  "<channel><title>C</title>"
                  "<item><title>A <b>bold</b> title</title><link>http://ex.org/1</link>"
                  "<description><p>Raw <a href='/x'>link</a></p> and <![CDATA[<i>cdata</i>]]></description></item>"
                  "<item><title>Two</title><link>http://ex.org/2</link>"
                  "<description>line one<br>line two<p>unclosed</description>"
                  "<content:encoded><p>Full <img src='/i.png'> text</content:encoded></item>"
                  "<item><title>Three</title><link>http://ex.org/3</link></item></channel></rss>",
                  "http://ex.org/feed");
    assert_int_equal(json_array_size(json_object_get(o, "items")), 3);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "A bold title");
    assert_string_equal(nw_json_str(item(o, 0), "summary"),
                        "<p>Raw <a href=\"http://ex.org/x\">link</a></p> and <i>cdata</i>");
    assert_non_null(strstr(nw_json_str(item(o, 1), "summary"), "line one<br>line two"));
    assert_non_null(strstr(nw_json_str(item(o, 1), "content"), "<img src=\"http://ex.org/i.png\">"));
    assert_string_equal(nw_json_str(item(o, 2), "title"), "Three");
    json_decref(o);
    /* a description never closed ends with its item, raw markup or none */
    o = parse_str("<rss version='2.0'><channel><title>C</title>"
                  "<item><title>One</title><link>http://ex.org/1</link><description><p>never closed</item>"
                  "<item><title>Two</title><link>http://ex.org/2</link><description>plain, open</item>"
                  "<item><title>Three</title><link>http://ex.org/3</link></item></channel></rss>",
                  NULL);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 3);
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "<p>never closed");
    assert_string_equal(nw_json_str(item(o, 1), "summary"), "plain, open");
    assert_string_equal(nw_json_str(item(o, 2), "title"), "Three");
    json_decref(o);
    o = parse_str("<?xml version='1.0'?><!-- a comment: <b>not markup</b> -->"
                  "<feed xmlns='http://www.w3.org/2005/Atom'><title type='xhtml'>"
                  "<div xmlns='http://www.w3.org/1999/xhtml'>Example <b>Atom</b></div></title>"
                  "<entry><id>urn:1</id><title>t</title></entry></feed>",
                  NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "Example Atom");
    json_decref(o);
}

static void test_publication_dates(void **state)
{
    (void)state;
    static const char *const rss[] = {
        "<item><title>a</title><pubDate>Mon, 06 Sep 2010 00:01:00 GMT</pubDate><dc:date>2011-01-01T00:00:00Z</dc:date></item>",
        "<item><title>a</title><dc:date>2011-01-01T00:00:00Z</dc:date><pubDate>Mon, 06 Sep 2010 00:01:00 GMT</pubDate></item>",
    };
    for (size_t i = 0; i < 2; i++) {
        char doc[512];
        snprintf(doc, sizeof doc,
                 "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>t</title>%s</channel></rss>",
                 rss[i]);
        json_t *o = parse_str(doc, NULL);
        assert_string_equal(nw_json_str(item(o, 0), "published"), "2010-09-06T00:01:00Z");
        assert_string_equal(nw_json_str(item(o, 0), "updated"), "2011-01-01T00:00:00Z");
        json_decref(o);
    }
    json_t *o = parse_str("<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>t</title>"
                          "<item><title>a</title><dc:date>2011-01-01T00:00:00Z</dc:date></item></channel></rss>",
                          NULL);
    assert_string_equal(nw_json_str(item(o, 0), "published"), "2011-01-01T00:00:00Z");
    json_decref(o);
    o = parse_str("<feed version='0.3' xmlns='http://purl.org/atom/ns#'><title>t</title><entry><id>1</id><title>x</title>"
                  "<created>2003-12-13T08:29:29Z</created><issued>2003-12-13T08:29:29-04:00</issued>"
                  "<modified>2003-12-13T18:30:02Z</modified></entry></feed>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "published"), "2003-12-13T12:29:29Z");
    assert_string_equal(nw_json_str(item(o, 0), "updated"), "2003-12-13T18:30:02Z");
    json_decref(o);
}

/* A channel's lastBuildDate (or dc:date) is its update, before or after
 * its pubDate; the pubDate only when nothing else says one. */
static void test_channel_dates(void **state)
{
    (void)state;
    json_t *o = parse_str("<rss version='2.0'><channel><title>t</title><pubDate>Sun, 05 Sep 2010 00:01:00 GMT</pubDate>"
                          "<lastBuildDate>Mon, 06 Sep 2010 00:01:00 GMT</lastBuildDate></channel></rss>",
                          NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "updated"), "2010-09-06T00:01:00Z");
    json_decref(o);
    o = parse_str("<rss version='2.0'><channel><title>t</title><lastBuildDate>Mon, 06 Sep 2010 00:01:00 GMT</lastBuildDate>"
                  "<pubDate>Sun, 05 Sep 2010 00:01:00 GMT</pubDate></channel></rss>",
                  NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "updated"), "2010-09-06T00:01:00Z");
    json_decref(o);
    o = parse_str("<rss version='2.0'><channel><title>t</title><pubDate>Sun, 05 Sep 2010 00:01:00 GMT</pubDate></channel></rss>",
                  NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "updated"), "2010-09-05T00:01:00Z");
    json_decref(o);
}

/* An item left unclosed holds the items after it: each is an item. */
static void test_unclosed_items(void **state)
{
    (void)state;
    json_t *o = parse_str("<rss version='2.0'><channel><title>t</title><item><title>one</title>"
                          "<item><title>two</title><item><title>three</title></channel></rss>",
                          NULL);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 3);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "one");
    assert_string_equal(nw_json_str(item(o, 2), "title"), "three");
    json_decref(o);
    /* an empty <item/> inside one is no item (Feedburner's) */
    o = parse_str("<rss version='2.0'><channel><title>t</title><item><title>one</title><item/></item>"
                  "<item><title>two</title></item></channel></rss>",
                  NULL);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
    json_decref(o);
}

/* Markup that does not balance, mended the way lenient readers read it,
 * where libxml2's recovery reads every end tag as the end of whatever is
 * open: a stray end tag ended the summary, the entry and the feed, the
 * entries after it lost. */
static void test_unbalanced_markup(void **state)
{
    (void)state;
    /* a stray end tag in an Atom summary, raw HTML left open in another */
    json_t *o =
        parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>"
                  "<entry><title>E1</title><summary></i>x</summary><link href='http://ex.org/1'/></entry>"
                  "<entry><title>E2</title><summary><p>a <b>b</p></summary><link href='http://ex.org/2'/></entry>"
                  "<entry><title>E3</em></title><link href='http://ex.org/3'/></entry>"
                  "<entry><title>E4</title><link href='http://ex.org/4'/></entry></feed>",
                  NULL);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 4);
    expect_items(o, "url",
                 (const char *const[]){"http://ex.org/1", "http://ex.org/2", "http://ex.org/3", "http://ex.org/4"}, 4);
    expect_items(o, "title", (const char *const[]){"E1", "E2", "E3", "E4"}, 4);
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "x");
    json_decref(o);
    /* an end tag named as its start tag but for case; tags libxml2 reads
     * only in part, written as XML has them (a value holding '<', an
     * attribute without a value) */
    o = parse_str("<rss version='2.0'><channel><title>C</title><item><Title>T</title><link>http://ex.org/1</link>"
                  "</item><item><title>T1</title><category domain=\"a<b\">X</category>"
                  "<guid isPermaLink>http://ex.org/g1</guid><link>http://ex.org/2</link></item>"
                  "<item><title>T2 &amp; U</title><link>http://ex.org/3?a=1&amp;b=2</link></item></channel></rss>",
                  NULL);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 3);
    expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2", "http://ex.org/3?a=1&b=2"}, 3);
    expect_items(o, "title", (const char *const[]){"T", "T1", "T2 & U"}, 3);
    assert_string_equal(nw_json_str(item(o, 1), "guid"), "http://ex.org/g1");
    assert_string_equal(first_category(o, 1), "X");
    json_decref(o);
    /* no tag at all: an address in angle brackets, words after a '<'
     * up to the summary's end tag; text, and the entries after them kept */
    o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>"
                  "<entry><title>E1</title><author><name>Jane Doe <jd@example.org></name></author>"
                  "<summary><a few words</summary><link href='http://ex.org/1'/></entry>"
                  "<entry><title>E2 &amp; F</title><link href='http://ex.org/2?a=1&amp;b=2'/></entry></feed>",
                  NULL);
    expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2?a=1&b=2"}, 2);
    expect_items(o, "title", (const char *const[]){"E1", "E2 & F"}, 2);
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "&lt;a few words");
    assert_non_null(strstr(nw_json_str(item(o, 0), "author"), "Jane Doe"));
    json_decref(o);
    /* an end tag that stops before its '>' ends there, and the next tag
     * is read as its own */
    o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry><title>E1</title>"
                  "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>x</p></div</content>"
                  "<link href='http://ex.org/1'/></entry><entry><title>E2</title><link href='http://ex.org/2'/></entry>"
                  "<entry><title>E3</title></entry></feed>",
                  NULL);
    expect_items(o, "title", (const char *const[]){"E1", "E2", "E3"}, 3);
    expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2"}, 2);
    assert_string_equal(nw_json_str(item(o, 0), "content"), "<p>x</p>");
    json_decref(o);
    o = parse_str("<rss version='2.0'><channel><title>C</title><item><title>T1</title <link>http://ex.org/1</link>"
                  "<description>d &amp; e</description></item><item><title>T2</title></item></channel></rss>",
                  NULL);
    expect_items(o, "title", (const char *const[]){"T1", "T2"}, 2);
    assert_string_equal(nw_json_str(item(o, 0), "url"), "http://ex.org/1");
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "d & e");
    json_decref(o);
    /* HTML's void elements hold nothing: what follows a <br> left open
     * comes after it */
    o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry><title>E1</title>"
                  "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>a<br>b<hr>c</div></content>"
                  "</entry><entry><title>E2</title></entry></feed>",
                  NULL);
    assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
    assert_string_equal(nw_json_str(item(o, 0), "content"), "a<br />b<hr />c");
    json_decref(o);
}

/* An element of an item left open ends where the next element of the
 * item begins, as lenient readers read it: the item keeps its link, date
 * and text, and the open element its own text. An element that holds
 * HTML's markup ends there only when it has no end tag in its item, and
 * not at a name HTML has too. */
static void test_item_element_left_open(void **state)
{
    (void)state;
    static const char *const rss[] = {
        "<dc:creator>Jane Doe",         "<title>One",        "<pubDate>Mon, 01 Jun 2020 10:00:00 GMT",
        "<author>jd@ex.org (Jane Doe)", "<category>Bridges", "<guid isPermaLink='false'>g1"};
    for (size_t k = 0; k < sizeof rss / sizeof *rss; k++) {
        char doc[2048];
        snprintf(doc, sizeof doc,
                 "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>C</title>"
                 "<item>%s<link>http://ex.org/1</link><description>First &amp; text.</description>%s%s</item>"
                 "<item><title>Two</title><link>http://ex.org/2</link></item></channel></rss>",
                 rss[k], k == 1 ? "" : "<title>One</title>",
                 k == 2 ? "" : "<pubDate>Mon, 01 Jun 2020 10:00:00 GMT</pubDate>");
        json_t *o = parse_str(doc, NULL);
        assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
        expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2"}, 2);
        expect_items(o, "title", (const char *const[]){"One", "Two"}, 2);
        assert_string_equal(nw_json_str(item(o, 0), "summary"), "First & text.");
        assert_string_equal(nw_json_str(item(o, 0), "published"), "2020-06-01T10:00:00Z");
        if (k == 0 || k == 3)
            assert_string_equal(nw_json_str(item(o, 0), "author"), k ? "jd@ex.org (Jane Doe)" : "Jane Doe");
        if (k == 5)
            assert_string_equal(nw_json_str(item(o, 0), "guid"), "g1");
        json_decref(o);
    }
    /* Atom: an author's or an id's end tag missing */
    json_t *o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry><title>E1</title>"
                          "<author><name>Jane Doe</name><link href='http://ex.org/1'/><id>urn:1<summary>Text.</summary>"
                          "<updated>2020-06-01T10:00:00Z</updated></entry><entry><title>E2</title>"
                          "<link href='http://ex.org/2'/></entry></feed>",
                          NULL);
    expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2"}, 2);
    assert_string_equal(nw_json_str(item(o, 0), "author"), "Jane Doe");
    assert_string_equal(nw_json_str(item(o, 0), "guid"), "urn:1");
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "Text.");
    assert_string_equal(nw_json_str(item(o, 0), "updated"), "2020-06-01T10:00:00Z");
    json_decref(o);
    /* RSS 1.0: Dublin Core's elements are the item's too */
    o = parse_str("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/' "
                  "xmlns:dc='http://purl.org/dc/elements/1.1/'><channel rdf:about='http://ex.org/'><title>C</title>"
                  "</channel><item rdf:about='http://ex.org/1'><title>One<dc:subject>Bridges</dc:subject>"
                  "<link>http://ex.org/1</link><dc:date>2020-06-01T10:00:00Z</dc:date></item><item "
                  "rdf:about='http://ex.org/2'><title>Two</title><dc:creator>Jane Roe<dc:subject>Roads</dc:subject>"
                  "<link>http://ex.org/2</link></item></rdf:RDF>",
                  NULL);
    expect_items(o, "title", (const char *const[]){"One", "Two"}, 2);
    expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2"}, 2);
    assert_string_equal(nw_json_str(item(o, 0), "published"), "2020-06-01T10:00:00Z");
    assert_string_equal(first_category(o, 0), "Bridges");
    assert_string_equal(nw_json_str(item(o, 1), "author"), "Jane Roe");
    assert_string_equal(first_category(o, 1), "Roads");
    json_decref(o);
    /* raw HTML in a description that ends: a drawing's <title> is its
     * own; in one that does not, a video's <source> is the video's */
    o = parse_str("<rss version='2.0'><channel><title>C</title><item><title>One</title><description><p>a <svg>"
                  "<title>Logo</title></svg> b</p></description><link>http://ex.org/1</link></item>"
                  "<item><title>Two</title><description><video><source src='http://ex.org/v.mp4'></video> c"
                  "<link>http://ex.org/2</link></item></channel></rss>",
                  NULL);
    expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2"}, 2);
    expect_items(o, "title", (const char *const[]){"One", "Two"}, 2);
    assert_non_null(strstr(nw_json_str(item(o, 0), "summary"), "Logo"));
    assert_non_null(strstr(nw_json_str(item(o, 1), "summary"), "c"));
    json_decref(o);
    /* elements that hold no other, written without their '/' or end tag:
     * an enclosure, a Media RSS file (the media elements after it its
     * own, the item's not), a thumbnail, an Atom link under a prefix; a
     * channel's generator, or its Atom link to itself, before its title
     * and link */
    static const struct {
        const char *channel, *item, *enclosure;
        size_t enclosures;
    } open[] = {
        {"<generator>Site Builder 2.1", "<enclosure url='http://ex.org/1.mp3' length='5' type='audio/mpeg'>",
         "http://ex.org/1.mp3", 1},
        {"", "<media:content url='http://ex.org/1.jpg' medium='image'><media:title>Photo</media:title>",
         "http://ex.org/1.jpg", 1},
        {"", "<media:group><media:content url='http://ex.org/1.jpg'><media:thumbnail url='http://ex.org/t.jpg'>",
         "http://ex.org/1.jpg", 1},
        {"<atom:link href='http://ex.org/feed' rel='self' type='application/rss+xml'>",
         "<atom:link href='http://ex.org/1/amp' rel='amphtml'>", NULL, 0},
        /* an iTunes category in another, a file beside another */
        {"",
         "<itunes:category text='News'><itunes:category text='Politics'></itunes:category><itunes:explicit>no"
         "</itunes:explicit>",
         NULL, 0},
        {"",
         "<media:group><media:content url='http://ex.org/1.mp4'><media:content url='http://ex.org/1.3gp'>"
         "</media:group>",
         "http://ex.org/1.mp4", 2},
    };
    for (size_t k = 0; k < sizeof open / sizeof *open; k++) {
        char doc[2048];
        snprintf(doc, sizeof doc,
                 "<rss version='2.0' xmlns:media='http://search.yahoo.com/mrss/' "
                 "xmlns:atom='http://www.w3.org/2005/Atom' "
                 "xmlns:itunes='http://www.itunes.com/dtds/podcast-1.0.dtd'><channel>%s<title>C</title>"
                 "<link>http://ex.org/</link><item><title>One</title><link>http://ex.org/1</link>%s<guid>g1</guid>"
                 "<pubDate>Mon, 01 Jun 2020 10:00:00 GMT</pubDate><description>First.</description></item>"
                 "<item><title>Two</title><link>http://ex.org/2</link></item></channel></rss>",
                 open[k].channel, open[k].item);
        o = parse_str(doc, NULL);
        assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "C");
        assert_string_equal(nw_json_str(json_object_get(o, "feed"), "link"), "http://ex.org/");
        expect_items(o, "title", (const char *const[]){"One", "Two"}, 2);
        expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2"}, 2);
        assert_string_equal(nw_json_str(item(o, 0), "guid"), "g1");
        assert_string_equal(nw_json_str(item(o, 0), "published"), "2020-06-01T10:00:00Z");
        assert_string_equal(nw_json_str(item(o, 0), "summary"), "First.");
        const json_t *e0 = json_array_get(json_object_get(item(o, 0), "enclosures"), 0);
        if (open[k].enclosure)
            assert_string_equal(nw_json_str(e0, "url"), open[k].enclosure);
        else
            assert_null(e0);
        assert_int_equal(json_array_size(json_object_get(item(o, 0), "enclosures")), open[k].enclosures);
        json_decref(o);
    }
    /* Atom: elements under a prefix, and a <content src=...> (empty, its
     * content elsewhere), without their '/' */
    o = parse_str(
        "<p0:feed xmlns:p0='http://www.w3.org/2005/Atom'><p0:title>F</p0:title><p0:entry><p0:title>E1"
        "</p0:title><p0:category term='a'><p0:category term='b'><p0:link href='http://ex.org/1'><p0:id>urn:1"
        "</p0:id><p0:updated>2020-06-01T10:00:00Z</p0:updated></p0:entry><p0:entry><p0:title>E2</p0:title>"
        "<p0:content type='text/html' src='http://ex.org/2'><p0:id>urn:2</p0:id><p0:summary>Text.</p0:summary>"
        "<p0:link href='http://ex.org/2'></p0:entry></p0:feed>",
        NULL);
    expect_items(o, "url", (const char *const[]){"http://ex.org/1", "http://ex.org/2"}, 2);
    expect_items(o, "guid", (const char *const[]){"urn:1", "urn:2"}, 2);
    assert_string_equal(nw_json_str(item(o, 0), "updated"), "2020-06-01T10:00:00Z");
    assert_string_equal(nw_json_str(item(o, 1), "summary"), "Text.");
    json_decref(o);
}

/* A fault in one item's text leaves the other items as they were: each
 * of the faults feeds are seen with, put at the start of the first item's
 * summary, in RSS and in Atom (the unterminated comment and CDATA section
 * are not among them: XML reads the rest of the document into them). */
static void test_fault_stays_in_its_item(void **state)
{
    (void)state;
    static const char *const faults[] = {
        "<br>",
        "&nbsp;",
        "<jd@example.org>",
        "\x01",
        "<b>",
        "</i>",
        "& ",
        "<",
        "&bogus;",
        "<p class=x>",
        "<a href=\"x\">",
        "]]>",
        "<?php echo 1; ?>",
        "<script>x</script>",
        "<img src=x>",
        "<input checked>",
        "<x a=\"1<2\">",
        "<a few words",
        "\"",
        "</p></div>",
        "<Title>",
        "</summary>",
        "<hr/>",
        "<i>open",
    };
    static const char *const docs[][2] = {
        {"<rss version='2.0'><channel><title>C</title><item><title>T1</title><description>",
         "one &amp; two</description><link>http://ex.org/1</link></item>"
         "<item><title>T2 &amp; &lt;U&gt;</title><link>http://ex.org/2?a=1&amp;b=2</link><author>jd@ex.org (Jane "
         "Doe)</author><category>c &amp; d</category><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>"
         "<description>&lt;p&gt;x &amp;amp; y&lt;/p&gt;</description></item>"
         "<item><title>T3</title><guid>http://ex.org/3</guid></item></channel></rss>"},
        {"<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><entry><title>E1</title><summary>",
         "one &amp; two</summary><link href='http://ex.org/1'/><id>urn:1</id></entry>"
         "<entry><title type='html'>E2 &amp;amp; &amp;lt;U&amp;gt;</title><link href='http://ex.org/2?a=1&amp;b=2'/>"
         "<id>urn:2</id><author><name>Jane Doe</name></author><updated>2003-06-10T04:00:00Z</updated>"
         "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>x &amp; y</p></div></content></entry>"
         "<entry><title>E3</title><id>urn:3</id></entry></feed>"},
    };
    for (size_t d = 0; d < sizeof docs / sizeof *docs; d++) {
        char clean[2048], faulted[2048];
        snprintf(clean, sizeof clean, "%s%s", docs[d][0], docs[d][1]);
        json_t *want = parse_str(clean, NULL);
        assert_int_equal(json_array_size(json_object_get(want, "items")), 3);
        for (size_t f = 0; f < sizeof faults / sizeof *faults; f++) {
            snprintf(faulted, sizeof faulted, "%s%s%s", docs[d][0], faults[f], docs[d][1]);
            json_t *got = parse_str(faulted, NULL);
            if (json_array_size(json_object_get(got, "items")) != 3)
                fail_msg("%s fault \"%s\": %zu items", d ? "Atom" : "RSS", faults[f],
                         json_array_size(json_object_get(got, "items")));
            for (size_t i = 1; i < 3; i++)
                if (!json_equal((json_t *)item(want, i), (json_t *)item(got, i))) {
                    char *a = json_dumps(item(want, i), JSON_COMPACT), *b = json_dumps(item(got, i), JSON_COMPACT);
                    fail_msg("%s fault \"%s\", item %zu: %s, want %s", d ? "Atom" : "RSS", faults[f], i, b, a);
                }
            json_decref(got);
        }
        json_decref(want);
    }
}

/* Of an entry's alternates, the web page: text/html before
 * application/xhtml+xml; a rel may be IANA's full IRI. */
static void test_alternates(void **state)
{
    (void)state;
    json_t *o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title><entry><id>1</id><title>x</title>"
                          "<link rel='alternate' type='application/xhtml+xml' href='http://e.com/x'/>"
                          "<link rel='alternate' type='text/html' href='http://e.com/h'/></entry>"
                          "<entry><id>2</id><title>y</title>"
                          "<link rel='http://www.iana.org/assignments/relation/alternate' href='http://e.com/full'/></entry></feed>",
                          NULL);
    assert_string_equal(nw_json_str(item(o, 0), "url"), "http://e.com/h");
    assert_string_equal(nw_json_str(item(o, 1), "url"), "http://e.com/full");
    json_decref(o);
}

/* A JSON Feed read from a file resolves its relative URLs against its
 * feed_url; an item's several authors are all named, and the feed's go to
 * the items that have none. */
static void test_json_feed_base_and_authors(void **state)
{
    (void)state;
    json_t *o = parse_str("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\","
                          "\"feed_url\":\"https://e.com/feed.json\",\"authors\":[{\"name\":\"F One\"},{\"name\":\"F Two\"}],"
                          "\"items\":[{\"id\":\"1\",\"url\":\"/p/1\",\"content_html\":\"<a href='/a'>a</a>\","
                          "\"authors\":[{\"name\":\"A One\"},{\"name\":\"B Two\"}]},{\"id\":\"2\",\"content_text\":\"x\"}]}",
                          NULL);
    assert_string_equal(nw_json_str(item(o, 0), "url"), "https://e.com/p/1");
    assert_non_null(strstr(nw_json_str(item(o, 0), "content"), "href=\"https://e.com/a\""));
    assert_string_equal(nw_json_str(item(o, 0), "author"), "A One, B Two");
    assert_string_equal(nw_json_str(item(o, 1), "author"), "F One, F Two");
    json_decref(o);
}

/* Namespace names are matched whatever their case; an Atom entry's
 * several authors are all named. */
static void test_namespaces_and_authors(void **state)
{
    (void)state;
    json_t *o = parse_str("<rss version='2.0' xmlns:dc='HTTP://PURL.ORG/DC/ELEMENTS/1.1/' "
                          "xmlns:content='HTTP://PURL.ORG/RSS/1.0/MODULES/CONTENT/'><channel><title>t</title>"
                          "<item><title>x</title><dc:creator>Ann Lee</dc:creator>"
                          "<content:encoded>&lt;p&gt;Body&lt;/p&gt;</content:encoded></item></channel></rss>",
                          NULL);
    assert_string_equal(nw_json_str(item(o, 0), "author"), "Ann Lee");
    assert_string_equal(nw_json_str(item(o, 0), "content"), "<p>Body</p>");
    json_decref(o);
    o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title><entry><id>1</id><title>x</title>"
                  "<author><name>A One</name></author><author><name>B Two</name></author></entry></feed>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "author"), "A One, B Two");
    json_decref(o);
    /* a name rather than an address, in either order; an RSS item's
     * several <author>s that are names, all of them (an address beside a
     * name still gives way to it) */
    o = parse_str("<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><title>t</title>"
                  "<item><title>x</title><author>ann@e.org</author><dc:creator>Ann Lee</dc:creator></item>"
                  "<item><title>y</title><dc:creator>Ann Lee</dc:creator><author>ann@e.org</author></item>"
                  "<item><title>z</title><author>ann@e.org</author></item>"
                  "<item><title>a</title><author><name>Ann Lee</name><title>Engineer</title></author>"
                  "<author><name>Bob Roe</name></author></item>"
                  "<item><title>b</title><author>ann@e.org</author><author>Ann Lee</author></item>"
                  "<item><title>c</title><author>Ann Lee</author><author>Ann Lee</author></item></channel></rss>",
                  NULL);
    const char *want[] = {"Ann Lee", "Ann Lee", "ann@e.org", "Ann Lee, Bob Roe", "Ann Lee", "Ann Lee"};
    expect_items(o, "author", want, 6);
    json_decref(o);
}

static void test_xhtml_content(void **state)
{
    (void)state;
    json_t *o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom' xmlns:xlink='http://www.w3.org/1999/xlink'"
                          " xmlns:svg='http://www.w3.org/2000/svg'><entry><content type='xhtml'>"
                          "<div xmlns='http://www.w3.org/1999/xhtml'><p class='a' id='b'>x<br/>y</p>"
                          "<svg:svg width='3' height='2'><svg:a xlink:href='http://e.example/'><svg:circle r='1'/>"
                          "</svg:a></svg:svg></div></content></entry></feed>",
                          NULL);
    assert_string_equal(nw_json_str(item(o, 0), "content"),
                        "<p class=\"a\" id=\"b\">x<br />y</p><svg height=\"2\" width=\"3\" "
                        "xmlns=\"http://www.w3.org/2000/svg\"><a xlink:href=\"http://e.example/\" "
                        "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><circle r=\"1\"></circle></a></svg>");
    json_decref(o);
    /* the <div> is a wrapper only when it is all the element holds: markup
     * or text beside it is content too */
    o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='xhtml'>\n <div>A title</div>\n"
                  " <p>A paragraph</p>\n</content></entry><entry><content type='xhtml'><div>Lead</div> and more"
                  "</content></entry><entry><content type='xhtml'>\n <div xmlns='http://www.w3.org/1999/xhtml'>"
                  "<p>Only</p></div>\n</content></entry></feed>",
                  NULL);
    static const char *const contents[] = {"\n <div>A title</div>\n <p>A paragraph</p>\n", "<div>Lead</div> and more",
                                           "<p>Only</p>"};
    expect_items(o, "content", contents, 3);
    json_decref(o);
}

/* Of an item's summary elements the first counts, unless a later one is
 * its text made longer (a truncated <description> and the podcast's
 * <itunes:summary>); <itunes:subtitle>, the short form, never replaces. */
static void test_summary_extended(void **state)
{
    (void)state;
    json_t *o = parse_str(
        "<rss version='2.0' xmlns:itunes='http://www.itunes.com/dtds/podcast-1.0.dtd'><channel><title>P</title>"
        "<item><title>1</title><description>Guests discuss...</description><itunes:subtitle>Guests discuss a"
        " life at length and more</itunes:subtitle><itunes:summary>Guests discuss the man who wrote it"
        "</itunes:summary></item>"
        "<item><title>2</title><description><![CDATA[<p>Episode 5</p>]]></description>"
        "<itunes:summary>Episode 5: the harbour at night\xe2\x80\xa6</itunes:summary></item>"
        "<item><title>3</title><description>Short and whole.</description><itunes:summary>Another text"
        " altogether, and longer</itunes:summary></item>"
        "<item><title>4</title><description>Cut off here \xe2\x80\xa6</description>"
        "<itunes:summary>Cut off here, then told in full</itunes:summary></item>"
        "<item><title>5</title><itunes:subtitle>Short</itunes:subtitle><itunes:summary>Short, and the"
        " longer summary</itunes:summary></item>"
        "</channel></rss>",
        NULL);
    static const char *const summaries[] = {"Guests discuss the man who wrote it",
                                            "Episode 5: the harbour at night\xe2\x80\xa6", "Short and whole.",
                                            "Cut off here, then told in full", "Short, and the longer summary"};
    expect_items(o, "summary", summaries, 5);
    json_decref(o);
}

/* Categories inside a <categories> wrapper, and an Atom category with
 * no term but a text, as RSS writes it. */
static void test_category_forms(void **state)
{
    (void)state;
    json_t *o = parse_str("<rss version='2.0'><channel><title>C</title><item><title>1</title><categories>"
                          "<category>Home Tech</category><category>Bluetooth</category></categories>"
                          "<category>iOS</category></item></channel></rss>",
                          NULL);
    json_t *c = json_object_get(item(o, 0), "categories");
    assert_int_equal(json_array_size(c), 3);
    assert_string_equal(json_string_value(json_array_get(c, 0)), "Home Tech");
    assert_string_equal(json_string_value(json_array_get(c, 1)), "Bluetooth");
    assert_string_equal(json_string_value(json_array_get(c, 2)), "iOS");
    json_decref(o);
    o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>A</title><category>ebmpapst</category>"
                  "<category term='t1'/><category term='' label='L'/><category/></entry></feed>",
                  NULL);
    c = json_object_get(item(o, 0), "categories");
    assert_int_equal(json_array_size(c), 3);
    assert_string_equal(json_string_value(json_array_get(c, 0)), "ebmpapst");
    assert_string_equal(json_string_value(json_array_get(c, 1)), "t1");
    assert_string_equal(json_string_value(json_array_get(c, 2)), "L");
    json_decref(o);
    /* a podcast's and a media object's keywords, comma-separated, are
     * categories too (each once); the channel's are not the item's */
    o = parse_str("<rss version='2.0' xmlns:itunes='http://www.itunes.com/dtds/podcast-1.0.dtd'"
                  " xmlns:media='http://search.yahoo.com/mrss/'><channel><title>C</title>"
                  "<itunes:keywords>show</itunes:keywords><item><title>1</title><category>Cat</category>"
                  "<itunes:keywords>alpha, beta gamma ,Cat</itunes:keywords><media:keywords>m1,m2</media:keywords>"
                  "</item></channel></rss>",
                  NULL);
    c = json_object_get(item(o, 0), "categories");
    assert_int_equal(json_array_size(c), 5);
    const char *want[] = {"Cat", "alpha", "beta gamma", "m1", "m2"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(json_string_value(json_array_get(c, i)), want[i]);
    json_decref(o);
}

static void test_rdf_and_json_feed(void **state)
{
    (void)state;
    json_t *o = parse_str("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/'"
                          " xmlns:dc='http://purl.org/dc/elements/1.1/'><channel rdf:about='http://ex.org/'><title>R</title></channel>"
                          "<item rdf:about='http://ex.org/1'><title>One</title><dc:date>2020-05-05T05:05:05Z</dc:date>"
                          "<dc:creator>Bob</dc:creator></item></rdf:RDF>",
                          NULL);
    assert_string_equal(nw_json_str(item(o, 0), "url"), "http://ex.org/1");
    assert_string_equal(nw_json_str(item(o, 0), "author"), "Bob");
    assert_string_equal(nw_json_str(item(o, 0), "published"), "2020-05-05T05:05:05Z");
    json_decref(o);
    o = parse_str("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"items\":[{\"id\":\"1\","
                  "\"url\":\"/p/1\",\"title\":\"T &amp; U\",\"content_html\":\"<p>x</p>\",\"date_published\":"
                  "\"2021-02-03T04:05:06-01:00\",\"authors\":[{\"name\":\"Cy\"}],\"tags\":[\"a\",\"b\"]}]}",
                  "https://j.example/feed.json");
    assert_string_equal(nw_json_str(item(o, 0), "url"), "https://j.example/p/1");
    assert_string_equal(nw_json_str(item(o, 0), "title"), "T & U");
    assert_string_equal(nw_json_str(item(o, 0), "published"), "2021-02-03T05:05:06Z");
    assert_string_equal(nw_json_str(item(o, 0), "author"), "Cy");
    assert_int_equal(json_array_size(json_object_get(item(o, 0), "categories")), 2);
    json_decref(o);
    /* HTML is sanitised, plain text stays text, numeric ids become guids */
    o = parse_str("{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":42,\"summary\":\"a < b & c\","
                  "\"content_html\":\"<p onclick='x()'>Hi<script>alert(1)</script> <a href='/r'>r</a></p>\"},"
                  "{\"id\":\"t\",\"content_text\":\"<b>not bold</b>\"}]}",
                  "https://j.example/feed.json");
    assert_string_equal(nw_json_str(item(o, 0), "guid"), "42");
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "a &lt; b &amp; c");
    const char *c = nw_json_str(item(o, 0), "content");
    assert_non_null(strstr(c, "Hi"));
    assert_null(strstr(c, "script"));
    assert_null(strstr(c, "onclick"));
    assert_non_null(strstr(c, "https://j.example/r"));
    assert_string_equal(nw_json_str(item(o, 1), "content"), "&lt;b&gt;not bold&lt;/b&gt;");
    json_decref(o);
    /* yajl lets escaped lone surrogates and overlong forms through: they do not reach the output */
    o = parse_str("{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":\"\\udc00x\","
                  "\"title\":\"a\\udc00b\",\"summary\":\"\xC0\xAF\",\"content_html\":\"<p>\\udfff</p>\"}]}",
                  NULL); /* parse_str checks that all of it is UTF-8 */
    assert_non_null(nw_json_str(item(o, 0), "guid"));
    json_decref(o);
}

/* Plain text (Atom's type="text", a JSON Feed's content_text) keeps its
 * paragraphs as HTML: blank lines part them, and single line breaks too
 * when a line is longer than a wrapped text's; a wrapped text is one
 * paragraph, and a text of one paragraph is written as it was. */
static void test_plain_text_paragraphs(void **state)
{
    (void)state;
    json_t *o = parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>a</id><content type=\"text\">"
                          "First &amp; one.\n\n  Second &lt;b&gt; two.\n</content></entry><entry><id>b</id>"
                          "<summary>Wrapped text that goes\non to a second line.</summary></entry><entry><id>c"
                          "</id><summary> One line. </summary></entry></feed>",
                          NULL);
    const char *content[] = {"<p>First &amp; one.</p><p>Second &lt;b&gt; two.</p>", NULL, NULL};
    expect_items(o, "content", content, 3);
    const char *summary[] = {NULL, "Wrapped text that goes\non to a second line.", " One line. "};
    expect_items(o, "summary", summary, 3);
    json_decref(o);
    o = parse_str("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"content_text\":"
                  "\"A first paragraph that is longer than any line of a text wrapped for a terminal, as "
                  "the prose of a story is.\\nA second.\"}]}",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "content"),
                        "<p>A first paragraph that is longer than any line of a text wrapped for a terminal, as "
                        "the prose of a story is.</p><p>A second.</p>");
    json_decref(o);
}

/* Strict JSON is read by simdjson into yajl's tree shape, the rest by
 * yajl itself: both readers give the same feed. A comment after the
 * first brace sends a document to yajl. */
static void test_json_feed_two_readers(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"A\",\"title\":\"B &amp; C\","
        "\"home_page_url\":\"https://j.example/\",\"authors\":[{\"name\":\"Feed One\"},{\"name\":\"Two\"}],"
        "\"items\":[1,null,true,false,\"x\",[],{},{\"id\":7,\"url\":\"/a\",\"title\":\"t\\u0000cut\","
        "\"content_html\":\"<p>h<script>x</script></p>\",\"tags\":[\"a\",2,\"b\",null],"
        "\"attachments\":[{\"url\":\"m.mp3\",\"size_in_bytes\":-0},{\"url\":\"n\",\"size_in_bytes\":1.5},"
        "{\"url\":\"o\",\"size_in_bytes\":-9223372036854775808},{\"url\":\"p\",\"size_in_bytes\":"
        "9223372036854775807},{\"url\":\"q\",\"size_in_bytes\":18446744073709551615}]},"
        "{\"id\":-9223372036854775808,\"content_text\":\"x\"},{\"id\":1e2,\"summary\":\"s\"},"
        "{\"id\":\"\\ud83d\\ude00\",\"date_published\":\"2020-01-02T03:04:05Z\",\"x\":{\"y\":[[[[{}]]]]}}]}",
        "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":\"1\",\"author\":{\"name\":\"Solo\"}}],"
        "\"author\":{\"name\":\"Feed\"},\"items\":[{\"id\":\"2\"}]}",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        struct nw_err err = {0};
        json_t *strict = feed_parse(docs[i], strlen(docs[i]), "https://j.example/f.json", NULL, &err);
        assert_non_null(strict);
        char loose[4096];
        snprintf(loose, sizeof loose, "{/* to yajl */%s", docs[i] + 1);
        json_t *other = feed_parse(loose, strlen(loose), "https://j.example/f.json", NULL, &err);
        assert_non_null(other);
        struct nw_buf a = {0}, b = {0};
        nw_json_dump(strict, &a);
        nw_json_dump(other, &b);
        assert_string_equal(a.data, b.data);
        nw_buf_cleanup(&a);
        nw_buf_cleanup(&b);
        json_decref(strict);
        json_decref(other);
    }
    /* deeper than simdjson's 64 levels, shallower than the limit: yajl reads it */
    char deep[1024];
    int at = snprintf(deep, sizeof deep, "{\"version\":\"https://jsonfeed.org/version/1\",\"x\":");
    memset(deep + at, '[', 100);
    memset(deep + at + 100, ']', 100);
    strcpy(deep + at + 200, ",\"items\":[{\"id\":\"d\"}]}");
    json_t *o = parse_str(deep, NULL);
    assert_string_equal(nw_json_str(item(o, 0), "guid"), "d");
    json_decref(o);
}

/* Long runs of text are read outside libxml2 (parser/feed.c, prepare): they
 * must read exactly as short ones do. */
static json_t *runs_doc(const char *pad)
{
    char doc[4096];
    snprintf(doc, sizeof doc,
             "<rss><channel><item><title>T</title>"
             "<description>&lt;p&gt;caf&eacute; &#x41;&#65; &amp;amp; a&b \r\n%s&#150;&bogus;\x01</description>"
             "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'><![CDATA[<p>x &amp; y\r\n%s</p>]]>"
             "</content:encoded></item>"
             "<item><title>U</title><description>%s a < b</description></item></channel></rss>",
             pad, pad, pad);
    return parse_str(doc, NULL);
}

/* Long runs of text are read outside libxml2 (parser/feed.c, prepare): they
 * must read exactly as short ones, which libxml2 reads, do. */
static void test_long_text_runs(void **state)
{
    (void)state;
    const char *pad = "0123456789012345678901234567890123456789012345678901234567890123456789";
    json_t *s = runs_doc(""), *l = runs_doc(pad);
    const char *fields[] = {"summary", "content"};
    for (size_t f = 0; f < 2; f++) {
        const char *sv = nw_json_str(item(s, 0), fields[f]), *lv = nw_json_str(item(l, 0), fields[f]);
        assert_non_null(sv);
        assert_non_null(lv);
        char *nl = strchr(sv, '\n');
        assert_non_null(nl);
        char want[1024]; /* the short one with the padding after its line feed */
        snprintf(want, sizeof want, "%.*s%s%s", (int)(nl - sv + 1), sv, pad, nl + 1);
        assert_string_equal(lv, want);
    }
    assert_string_equal(nw_json_str(item(s, 0), "summary"), "<p>café AA &amp; a&b \n–&bogus;");
    /* a stray '<' is text, whatever the length */
    const char *ss = nw_json_str(item(s, 1), "summary"), *ls = nw_json_str(item(l, 1), "summary");
    assert_string_equal(ss, " a < b");
    assert_true(strlen(ls) > strlen(ss) && !strcmp(ls + strlen(ls) - strlen(ss), ss));
    json_decref(s);
    json_decref(l);
    /* a document cannot point at lifted text itself */
    json_t *o = parse_str("<rss><channel><item><title>U</title><description>&#x41;<?nw-text 0?></description>"
                          "<guid>0123456789012345678901234567890123456789012345678901234567890123456789</guid>"
                          "</item></channel></rss>",
                          NULL);
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "A");
    json_decref(o);
    /* Atom XHTML content with long text keeps its markup and its text */
    char doc[1024], want[1024];
    snprintf(doc, sizeof doc,
             "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>X</title><content type='xhtml'>"
             "<div xmlns='http://www.w3.org/1999/xhtml'><p>%s &amp; more</p><p>b</p></div></content></entry></feed>",
             pad);
    o = parse_str(doc, NULL);
    snprintf(want, sizeof want, "<p>%s &amp; more</p><p>b</p>", pad);
    assert_string_equal(nw_json_str(item(o, 0), "content"), want);
    json_decref(o);
}

/* Long runs of text are lifted out of the document and decoded by the
 * parser itself, 16 bytes at a time between references; a document that
 * declares an entity is read by libxml2 whole. The two readings of random
 * runs (references of every kind, a bare '&', CR LF, controls, tabs,
 * UTF-8, CDATA) must agree, item by item. */
static void test_lift_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "&lt;",  "&gt;",     "&amp;",  "&quot;", "&apos;", "&#233;", "&#x2019;", "&#146;", "&nbsp;", "&bogus;",
        "& ",    "&#0;",     "&ne;",   "\r\n",   "\r",     "\t",     "\n",       "\x01",   "caf\xc3\xa9",
        "\xe2\x80\x93", "\xef\xbf\xbe", "\xef\xbc\x81", "<![CDATA[a & b ]] > c]]>", "plain words in a row ", "0123456789abcdef", "&lt;p&gt;",
    };
    unsigned seed = 4242;
    for (int round = 0; round < 300; round++) {
        char run[1200];
        size_t n = 0;
        size_t want = 16 + (size_t)(round * 37 % 900);
        while (n < want) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 8) % (sizeof pieces / sizeof *pieces)];
            size_t l = strlen(p);
            if (n + l >= sizeof run - 1)
                break;
            memcpy(run + n, p, l);
            n += l;
        }
        run[n] = '\0';
        char doc[2600];
        const char *shapes[2] = {"", "<!DOCTYPE rss [<!ENTITY unused 'x'>]>"};
        json_t *got[2];
        for (int k = 0; k < 2; k++) {
            snprintf(doc, sizeof doc,
                     "<?xml version='1.0'?>%s<rss><channel><item><title>t</title><description>%s</description>"
                     "<guid>g</guid></item></channel></rss>",
                     shapes[k], run);
            got[k] = parse_str(doc, NULL);
        }
        const char *a = nw_json_str(item(got[0], 0), "summary"), *b = nw_json_str(item(got[1], 0), "summary");
        if (!a || !b || strcmp(a, b)) {
            size_t at = 0;
            while (a && b && a[at] && a[at] == b[at])
                at++;
            fail_msg("run %d: lifted and whole differ at %zu: %02x / %02x", round, at, a ? (unsigned char)a[at] : 0,
                     b ? (unsigned char)b[at] : 0);
        }
        json_decref(got[0]);
        json_decref(got[1]);
    }
}

/* What a server writes before a feed (a PHP warning, a notice in HTML)
 * is left out: the feed starts at its XML declaration, or at its root
 * after text; the declaration's encoding is read there. A page that holds
 * a declaration of something else is still no feed. */
static void test_junk_before_feed(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "Warning: mysql_connect() failed in /var/www/feed.php on line 3\n"
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Chan</title>"
        "<item><title>Tom &amp; Jerry</title></item></channel></rss>",
        "<br />\n<b>Notice</b>:  Undefined index: page in <b>/srv/rss.php</b> on line <b>12</b><br />\n"
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Chan</title>"
        "<item><title>Tom &amp; Jerry</title></item></channel></rss>",
        "Deprecated: function ereg() in x.php\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Chan</title>"
        "<entry><title>Tom &amp; Jerry</title></entry></feed>",
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        json_t *o = parse_str(docs[i], NULL);
        const char *want[] = {"Tom & Jerry"};
        expect_items(o, "title", want, 1);
        assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "Chan");
        json_decref(o);
    }
    const char *latin1 = "<b>Notice</b>\n<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss version=\"2.0\">"
                         "<channel><title>Chan</title><item><title>Caf\xe9</title></item></channel></rss>";
    json_t *o = parse_str(latin1, NULL);
    const char *cafe[] = {"Caf\xc3\xa9"}, *want_quoting[] = {"Tom & Jerry"};
    expect_items(o, "title", cafe, 1);
    json_decref(o);
    /* a feed from its first markup keeps what its items quote */
    const char *quoting = "<rss version=\"2.0\"><channel><title>Chan</title><item><title>Tom &amp; Jerry</title>"
                          "<description><![CDATA[Write <?xml version=\"1.0\"?><rss> first.]]></description></item>"
                          "</channel></rss>";
    o = parse_str(quoting, NULL);
    expect_items(o, "title", want_quoting, 1);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "Chan");
    json_decref(o);
    struct nw_err err = {0};
    const char *page = "<html><body><p>Our logo</p><?xml version=\"1.0\"?><svg><title>x</title></svg></body></html>";
    assert_null(feed_parse(page, strlen(page), NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "not a feed"));
}

static void test_errors(void **state)
{
    (void)state;
    struct nw_err err = {0};
    assert_null(feed_parse("", 0, NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "empty"));
    assert_null(feed_parse("<html><body>hi</body></html>", 28, NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "not a feed"));
    assert_null(feed_parse("{\"a\":1}", 7, NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "JSON Feed"));
    assert_null(feed_parse("{\"version\":", 12, NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "bad JSON feed"));
    /* nesting is bounded (the tree would be freed recursively) */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 64);
    int at = sprintf(deep, "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":");
    memset(deep + at, '[', depth);
    memset(deep + at + depth, ']', depth);
    strcpy(deep + at + 2 * depth, "}");
    assert_null(feed_parse(deep, strlen(deep), NULL, NULL, &err));
    assert_non_null(strstr(err.msg, "nested"));
    free(deep);
    /* an external entity is never loaded */
    const char *xxe = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                      "<rss><channel><item><title>&x;</title></item></channel></rss>";
    json_t *o = feed_parse(xxe, strlen(xxe), NULL, NULL, &err);
    if (o) {
        const char *t = nw_json_str(item(o, 0), "title");
        assert_true(!t || !strstr(t, "root:"));
        json_decref(o);
    }
}

static void test_entities_are_bounded(void **state)
{
    (void)state;
    /* a "billion laughs" document: nested entities are expanded one level
     * only, so the output stays small */
    const char *doc = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'>"
                      "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>"
                      "<!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'><!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'>]>"
                      "<rss><channel><title>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</title><item><guid>&a;1</guid></item>"
                      "</channel></rss>";
    struct nw_err err = {0};
    json_t *o = feed_parse(doc, strlen(doc), NULL, NULL, &err);
    assert_non_null(o);
    assert_true(strlen(nw_json_str(json_object_get(o, "feed"), "title")) < 2000);
    assert_string_equal(nw_json_str(item(o, 0), "guid"), "aaaaaaaaaa1"); /* one level is honoured */
    json_decref(o);
    /* HTML entities, stray ampersands and windows-1252 references */
    const char *ent = "<rss><channel><item><title>caf&eacute; &amp; th&eacute; &#146;&nbsp;AT&T</title>"
                      "<link>http://x.example/?a=1&b=2</link></item></channel></rss>";
    o = feed_parse(ent, strlen(ent), NULL, NULL, &err);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "caf\xc3\xa9 & th\xc3\xa9 \xe2\x80\x99\xc2\xa0" "AT&T");
    assert_string_equal(nw_json_str(item(o, 0), "url"), "http://x.example/?a=1&b=2");
    json_decref(o);
}

/* An item's lists are bounded: the first thousand categories and
 * enclosures, and a few kilobytes of authors' names; so that each new one
 * compared with those before costs no more than that (100,000 categories
 * took 38 s). And an element's attributes. */
static void test_item_lists_are_bounded(void **state)
{
    (void)state;
    struct nw_buf b = {0};
    nw_buf_puts(&b, "<rss version='2.0'><channel><title>C</title><item><title>1</title>");
    for (int i = 0; i < 1500; i++)
        nw_buf_printf(&b, "<category>c%d</category><enclosure url='http://x.example/%d.mp3' type='audio/mpeg'/>", i, i);
    nw_buf_puts(&b, "</item></channel></rss>");
    json_t *o = parse_str(b.data, NULL);
    json_t *cats = json_object_get(item(o, 0), "categories"), *encs = json_object_get(item(o, 0), "enclosures");
    assert_int_equal(json_array_size(cats), 1000);
    assert_string_equal(json_string_value(json_array_get(cats, 999)), "c999");
    assert_int_equal(json_array_size(encs), 1000);
    assert_string_equal(nw_json_str(json_array_get(encs, 0), "url"), "http://x.example/0.mp3");
    json_decref(o);
    nw_buf_reset(&b);
    nw_buf_puts(&b, "<feed xmlns='http://www.w3.org/2005/Atom'><title>C</title><entry><title>1</title>");
    for (int i = 0; i < 2000; i++)
        nw_buf_printf(&b, "<author><name>Writer Number %d</name></author>", i);
    nw_buf_puts(&b, "</entry></feed>");
    o = parse_str(b.data, NULL);
    const char *names = nw_json_str(item(o, 0), "author");
    assert_non_null(names);
    assert_true(strlen(names) <= NW_LINE_MAX);
    assert_true(!strncmp(names, "Writer Number 0, Writer Number 1, ", 34));
    json_decref(o);
    /* an element of 50,000 attributes: cut after the first 256 before
     * libxml2 reads it (3 s), the item still read */
    nw_buf_reset(&b);
    nw_buf_puts(&b, "<rss version='2.0'><channel><title>C</title><item");
    for (int i = 0; i < 50000; i++)
        nw_buf_printf(&b, " a%d='v'", i);
    nw_buf_puts(&b, "><title>Crowded</title></item></channel></rss>");
    double t0 = fixture_cpu_seconds();
    o = parse_str(b.data, NULL);
    double spent = fixture_cpu_seconds() - t0;
    assert_string_equal(nw_json_str(item(o, 0), "title"), "Crowded");
    assert_true(spent < 1.0);
    json_decref(o);
    nw_buf_cleanup(&b);
}

static void test_sanitize_and_discover(void **state)
{
    (void)state;
    const char *doc = "<rss><channel><item><link>http://a.example/d/p.html</link><description>&lt;p onclick='x()'&gt;Hi "
                      "&lt;a href='../r.html'&gt;r&lt;/a&gt;&lt;a href='javascript:alert(1)'&gt;j&lt;/a&gt;"
                      "&lt;script&gt;alert(2)&lt;/script&gt;&lt;/p&gt;</description></item></channel></rss>";
    struct nw_err err = {0};
    json_t *o = feed_parse(doc, strlen(doc), "http://a.example/feeds/rss.xml", NULL, &err);
    const char *sum = nw_json_str(item(o, 0), "summary");
    assert_null(strstr(sum, "onclick"));
    assert_null(strstr(sum, "script"));
    assert_null(strstr(sum, "javascript"));
    assert_non_null(strstr(sum, "http://a.example/r.html"));
    json_decref(o);
    const char *page = "<html><head><base href='http://site.example/blog/'>"
                       "<link rel='alternate' type='application/rss+xml' title='RSS' href='feed.xml'>"
                       "<link rel='alternate' type='application/atom+xml' href='/atom.xml'>"
                       "<link rel='stylesheet' href='s.css'></head><body>x</body></html>";
    json_t *found = feed_discover(page, strlen(page), "http://site.example/");
    assert_int_equal(json_array_size(found), 2);
    assert_string_equal(nw_json_str(json_array_get(found, 0), "url"), "http://site.example/blog/feed.xml");
    assert_string_equal(nw_json_str(json_array_get(found, 1), "url"), "http://site.example/atom.xml");
    assert_null(json_object_get(json_array_get(found, 0), "relative"));
    json_decref(found);
    /* no address to resolve against: a relative one as written, said so */
    const char *bare = "<html><head><link rel='alternate' type='application/rss+xml' href='/rss.xml'>"
                       "<link rel='alternate' type='application/atom+xml' href='https://site.example/atom'>"
                       "</head><body>x</body></html>";
    found = feed_discover(bare, strlen(bare), NULL);
    assert_int_equal(json_array_size(found), 2);
    assert_string_equal(nw_json_str(json_array_get(found, 0), "url"), "/rss.xml");
    assert_true(json_is_true(json_object_get(json_array_get(found, 0), "relative")));
    assert_string_equal(nw_json_str(json_array_get(found, 1), "url"), "https://site.example/atom");
    assert_null(json_object_get(json_array_get(found, 1), "relative"));
    json_decref(found);
}

/* Inputs that once broke the parser (tests/fixtures/fuzz/feed): each must
 * parse or fail cleanly, under the sanitizers. */
static void test_fuzz_regressions(void **state)
{
    (void)state;
    DIR *d = opendir(NW_FIXTURES "/fuzz/feed");
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", NW_FIXTURES "/fuzz/feed", e->d_name);
        size_t len;
        char *whole = fixture_slurp(path, &len);
        /* in a block of its exact size, as the fuzzer gives it: a read one
         * past the end is caught */
        char *data = malloc(len ? len : 1);
        memcpy(data, whole, len);
        free(whole);
        struct nw_err err = {0};
        json_t *o = feed_parse(data, len, "http://fuzz.example/feed.xml", NULL, &err);
        assert_true(o != NULL || err.msg[0]);
        assert_true(!o || nw_json_utf8_ok(o));
        json_decref(o);
        free(data);
        n++;
    }
    closedir(d);
    assert_true(n > 0);
}

/* The parser sets its text without checking it again: whatever the input,
 * all of it must be valid UTF-8 (the shared conformance cases, every
 * encoding and malformation there). */
static void test_output_is_utf8(void **state)
{
    (void)state;
    DIR *d = opendir(NW_SHARED_DIR "/corpus/feeds");
    if (!d)
        skip();
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) && n < 5000) {
        static const char *const names[] = {"input.xml", "input.rss", "input.atom", "input.rdf", "input.json"};
        for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s/%s", NW_SHARED_DIR "/corpus/feeds", e->d_name, names[k]);
            FILE *f = fopen(path, "rb");
            if (!f)
                continue;
            fclose(f);
            size_t len;
            char *data = fixture_slurp(path, &len);
            struct nw_err err = {0};
            json_t *o = feed_parse(data, len, "http://example.org/feed", NULL, &err);
            if (o && !nw_json_utf8_ok(o))
                fail_msg("%s: output is not valid UTF-8", path);
            json_decref(o);
            free(data);
            n++;
        }
    }
    closedir(d);
    assert_true(n > 0);
}

static const char *item_field(json_t *doc, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(json_object_get(doc, "items"), i), key));
}

/* The first item's title of a feed given as a string. */
static void assert_first_title(const char *feed, const char *want)
{
    json_t *d = parse_str(feed, "http://e.org/");
    assert_string_equal(item_field(d, 0, "title"), want);
    json_decref(d);
}

/* A sitemap is read as a feed: each <url> an item (its <loc> resolved, its
 * <lastmod> the update), Google News' title, date and keywords the item's,
 * the publication's name and language the feed's, its images enclosures;
 * an entry without a <loc> is none. A sitemap index is an error naming its
 * newest sitemap. */
static void test_sitemaps(void **state)
{
    (void)state;
    json_t *d = parse_str("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
                          "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9' "
                          "xmlns:image='http://www.google.com/schemas/sitemap-image/1.1'>"
                          "<url><loc>https://ex.org/a/1.html</loc><lastmod>2026-12-03T10:05:00+01:00</lastmod>"
                          "<news:news><news:publication><news:name>Ex Times</news:name>"
                          "<news:language>de</news:language></news:publication>"
                          "<news:publication_date>2026-12-03T09:30:00+01:00</news:publication_date>"
                          "<news:title>Talks &amp; more</news:title><news:keywords>Politik, Berlin</news:keywords>"
                          "</news:news><image:image><image:loc>/img/1.jpg</image:loc></image:image></url>"
                          "<url><loc> /a/2.html </loc><lastmod>2026-12-01</lastmod></url><url><loc/></url></urlset>",
                          "https://ex.org/sitemap.xml");
    assert_int_equal(json_array_size(json_object_get(d, "items")), 2);
    assert_string_equal(nw_json_str(json_object_get(d, "feed"), "title"), "Ex Times");
    assert_string_equal(nw_json_str(json_object_get(d, "feed"), "language"), "de");
    assert_string_equal(item_field(d, 0, "url"), "https://ex.org/a/1.html");
    assert_string_equal(item_field(d, 0, "title"), "Talks & more");
    assert_string_equal(item_field(d, 0, "published"), "2026-12-03T08:30:00Z");
    assert_string_equal(item_field(d, 0, "updated"), "2026-12-03T09:05:00Z");
    json_t *cats = json_object_get(item(d, 0), "categories");
    assert_int_equal(json_array_size(cats), 2);
    assert_string_equal(json_string_value(json_array_get(cats, 1)), "Berlin");
    json_t *encs = json_object_get(item(d, 0), "enclosures");
    assert_int_equal(json_array_size(encs), 1);
    assert_string_equal(nw_json_str(json_array_get(encs, 0), "url"), "https://ex.org/img/1.jpg");
    assert_string_equal(item_field(d, 1, "url"), "https://ex.org/a/2.html");
    assert_null(item_field(d, 1, "title"));
    assert_string_equal(item_field(d, 1, "updated"), "2026-12-01");
    json_decref(d);

    const char *index = "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                        "<sitemap><loc>https://ex.org/s-1.xml</loc><lastmod>2026-12-01</lastmod></sitemap>"
                        "<sitemap><loc>/s-3.xml</loc><lastmod>2026-12-03</lastmod></sitemap>"
                        "<sitemap><loc>https://ex.org/s-2.xml</loc><lastmod>2026-12-02</lastmod></sitemap>"
                        "</sitemapindex>";
    struct nw_err err = {0};
    assert_null(feed_parse(index, strlen(index), "https://ex.org/index.xml", NULL, &err));
    assert_non_null(strstr(err.msg, "a sitemap index of 3 sitemaps"));
    assert_non_null(strstr(err.msg, "(the newest: https://ex.org/s-3.xml)"));
}

/* Text that is easy to lose: references after a stray byte before the
 * XML declaration (libxml2's recovery drops them), a '<' that opens no tag
 * in a title (or names no element), a JSON Feed's authors for items
 * without their own. */
static void test_text_kept(void **state)
{
    (void)state;
    json_t *d = parse_str("  \n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T &amp; J</title>"
                          "<item><title>Tom &amp; Jerry &lt;3</title><link>http://e.org/1</link>"
                          "<description>A &amp; B</description></item></channel></rss>",
                          "http://e.org/");
    assert_string_equal(json_string_value(json_object_get(json_object_get(d, "feed"), "title")), "T & J");
    assert_string_equal(item_field(d, 0, "title"), "Tom & Jerry <3");
    assert_string_equal(item_field(d, 0, "summary"), "A & B");
    json_decref(d);
    assert_first_title("<rss version=\"2.0\"><channel><title>T</title><item><title>A&lt;B and x &lt; y, "
                       "&lt;b&gt;bold&lt;/b&gt;</title><link>http://e.org/1</link></item></channel></rss>",
                       "A<B and x < y, bold");
    /* angle brackets round a name no element has are text too, in RSS
     * and in an Atom title of type html; HTML's own tags, old ones, a
     * namespace's and a custom element's are markup */
    assert_first_title(
        "<rss version=\"2.0\"><channel><title>T</title><item><title>Vector&lt;int&gt; and "
        "List&lt;T&gt;: &lt;Update&gt; &lt;/Update&gt; &lt;EM&gt;new&lt;/EM&gt; &lt;font color=red&gt;"
        "hot&lt;/font&gt;&lt;o:p&gt;&lt;/o:p&gt; &lt;my-card&gt;x&lt;/my-card&gt; &lt;h2&gt;two&lt;/h2&gt;"
        "</title><link>http://e.org/1</link></item></channel></rss>",
        "Vector<int> and List<T>: <Update> </Update> new hot x two");
    /* a byline as a mail header writes it: the names, or the address
     * when it is all there is */
    static const char *const bylines[][2] = {
        {"Jane Roe &lt;jr@e.org&gt;", "Jane Roe"},
        {"&lt;jr@e.org&gt;", "jr@e.org"},
        {"Ann &lt;a@e.org&gt;, Bob &lt;b@e.org&gt;", "Ann, Bob"},
        {"&lt;b&gt;Ann&lt;/b&gt; Lee", "Ann Lee"},
    };
    for (size_t i = 0; i < sizeof bylines / sizeof *bylines; i++) {
        char feed[512];
        snprintf(feed, sizeof feed,
                 "<rss version=\"2.0\"><channel><title>T</title><item><title>x</title><link>http://e.org/1</link>"
                 "<author>%s</author></item></channel></rss>",
                 bylines[i][0]);
        json_t *f = parse_str(feed, "http://e.org/");
        assert_string_equal(item_field(f, 0, "author"), bylines[i][1]);
        json_decref(f);
    }
    assert_first_title("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><title type=\"html\">"
                       "Optional&amp;lt;T&amp;gt; vs &lt;code&gt;Optional&lt;/code&gt;&lt;T&gt;</title>"
                       "<link href=\"http://e.org/1\"/></entry></feed>",
                       "Optional<T> vs Optional<T>");
    d = parse_str("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"authors\":[{\"name\":"
                  "\"Jane Roe\"}],\"items\":[{\"id\":\"1\",\"url\":\"http://e.org/j\",\"content_text\":\"x\"},"
                  "{\"id\":\"2\",\"url\":\"http://e.org/k\",\"content_text\":\"y\",\"authors\":[{\"name\":"
                  "\"Own Author\"}]}]}",
                  "http://e.org/");
    assert_string_equal(item_field(d, 0, "author"), "Jane Roe");
    assert_string_equal(item_field(d, 1, "author"), "Own Author");
    json_decref(d);
    /* UTF-8 read as windows-1252, with a byte it leaves undefined (0x81) */
    assert_first_title("<rss version=\"2.0\"><channel><title>T</title><item><title>\xc3\x83\xc2\x81lvaro "
                       "caf\xc3\x83\xc2\xa9</title><link>http://e.org/1</link></item></channel></rss>",
                       "\xc3\x81lvaro caf\xc3\xa9");
    /* an encoding label nobody knows: the bytes decide */
    assert_first_title("<?xml version=\"1.0\" encoding=\"x-bogus\"?><rss version=\"2.0\"><channel><title>T</title>"
                       "<item><title>caf\xc3\xa9</title><link>http://e.org/1</link></item></channel></rss>",
                       "caf\xc3\xa9");
    /* an element left unclosed does not swallow the items after it */
    d = parse_str("<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel><title>P"
                  "</title><itunes:category text=\"News\"><item><title>One</title><link>http://e.org/1</link></item>"
                  "<item><title>Two</title><link>http://e.org/2</link></item></channel></rss>",
                  "http://e.org/");
    assert_int_equal(json_array_size(json_object_get(d, "items")), 2);
    assert_string_equal(item_field(d, 1, "title"), "Two");
    json_decref(d);
    /* media:title when there is no title; xhtml:body as content; a media
     * object's title and description (in media:content, in media:group)
     * when the item has none of its own, wherever they come: the item's
     * own description, after them, stays its summary */
    d = parse_str("<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:xhtml=\"http://www.w3.org/"
                  "1999/xhtml\"><channel><title>M</title><item><link>http://e.org/m</link><media:title>From media"
                  "</media:title><xhtml:body><xhtml:p>In xhtml</xhtml:p></xhtml:body></item>"
                  "<item><link>http://e.org/g</link><media:group><media:content url=\"http://e.org/v.mp4\">"
                  "<media:title>Group title</media:title><media:description>Group text</media:description>"
                  "</media:content></media:group></item>"
                  "<item><title>Own</title><link>http://e.org/c</link><media:content url=\"http://e.org/p.jpg\">"
                  "<media:title>Caption title</media:title><media:description>A caption</media:description>"
                  "</media:content><description>Own text</description></item></channel></rss>",
                  "http://e.org/");
    assert_string_equal(item_field(d, 0, "title"), "From media");
    assert_non_null(strstr(item_field(d, 0, "content"), "In xhtml"));
    assert_string_equal(item_field(d, 1, "title"), "Group title");
    assert_string_equal(item_field(d, 1, "summary"), "Group text");
    assert_string_equal(item_field(d, 2, "title"), "Own");
    assert_string_equal(item_field(d, 2, "summary"), "Own text");
    assert_null(json_object_get(json_array_get(json_object_get(d, "items"), 2), "content"));
    json_decref(d);
    /* RSS 1.0: items beside the channel, counted once */
    d = parse_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
                  "<channel><title>R</title></channel><item><title>A</title><link>http://e.org/a</link></item>"
                  "</rdf:RDF>",
                  "http://e.org/");
    assert_int_equal(json_array_size(json_object_get(d, "items")), 1);
    json_decref(d);
}

/* Which link and which id an item gets: an RSS 1.0 item is its rdf:about
 * (a dc:identifier is a property of it); a permalink guid is a link, a
 * relative one too when the feed says so or when it is a path, resolved
 * where there is a base and kept as given where there is none; among Atom
 * alternates an http(s) page typed HTML wins over an untyped link, another
 * scheme or another type; a JSON Feed's relative url without a base is
 * kept. */
static void test_links_and_ids(void **state)
{
    (void)state;
    json_t *d = parse_str("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' xmlns='http://purl.org/rss/1.0/'"
                          " xmlns:dc='http://purl.org/dc/elements/1.1/'><channel rdf:about='http://ex.org/'><title>R</title>"
                          "</channel><item rdf:about='http://ex.org/a?rss=1'><title>A</title><link>http://ex.org/a</link>"
                          "<dc:identifier>doi:10.1/a</dc:identifier></item>"
                          "<item rdf:about='tag:ex.org,2020:b'><title>B</title></item></rdf:RDF>",
                          NULL);
    assert_string_equal(item_field(d, 0, "guid"), "http://ex.org/a?rss=1");
    assert_string_equal(item_field(d, 0, "url"), "http://ex.org/a");
    assert_string_equal(item_field(d, 1, "guid"), "tag:ex.org,2020:b");
    json_decref(d);
    const char *rss = "<rss version='2.0'><channel><title>T</title>"
                      "<item><title>1</title><guid>/blog/one</guid></item>"
                      "<item><title>2</title><guid isPermaLink='true'>two/</guid></item>"
                      "<item><title>3</title><guid>12345</guid></item>"
                      "<item><title>4</title><guid isPermaLink='false'>/not/a/link</guid></item>"
                      "<item><title>5</title><link>rel/5</link></item></channel></rss>";
    d = parse_str(rss, NULL);
    assert_string_equal(item_field(d, 0, "url"), "/blog/one");
    assert_string_equal(item_field(d, 1, "url"), "two/");
    assert_null(item_field(d, 2, "url"));
    assert_null(item_field(d, 3, "url"));
    assert_string_equal(item_field(d, 4, "url"), "rel/5");
    json_decref(d);
    d = parse_str(rss, "https://ex.org/feeds/main.xml");
    assert_string_equal(item_field(d, 0, "url"), "https://ex.org/blog/one");
    assert_string_equal(item_field(d, 1, "url"), "https://ex.org/feeds/two/");
    assert_string_equal(item_field(d, 1, "guid"), "https://ex.org/feeds/two/");
    assert_string_equal(item_field(d, 2, "guid"), "12345");
    assert_null(item_field(d, 2, "url"));
    assert_string_equal(item_field(d, 4, "url"), "https://ex.org/feeds/rel/5");
    json_decref(d);
    d = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>A</title>"
                  "<entry><title>1</title><id>urn:1</id><link href='http://ex.org/1'/>"
                  "<link rel='alternate' type='text/html' href='http://ex.org/1.html'/></entry>"
                  "<entry><title>2</title><id>urn:2</id><link href='gemini://ex.org/2'/>"
                  "<link rel='alternate' href='https://ex.org/2'/></entry>"
                  "<entry><title>3</title><id>urn:3</id><link rel='alternate' type='application/pdf' href='http://ex.org/3.pdf'/>"
                  "<link rel='alternate' type='text/html' href='http://ex.org/3'/>"
                  "<link rel='alternate' type='text/html' href='http://ex.org/3-other'/></entry>"
                  "<entry><title>4</title><id>urn:4</id><link rel='alternate' type='application/pdf' href='http://ex.org/4.pdf'/>"
                  "<link rel='edit' href='http://ex.org/4/edit'/></entry></feed>",
                  NULL);
    assert_string_equal(item_field(d, 0, "url"), "http://ex.org/1.html");
    assert_string_equal(item_field(d, 1, "url"), "https://ex.org/2");
    assert_string_equal(item_field(d, 2, "url"), "http://ex.org/3");
    assert_string_equal(item_field(d, 3, "url"), "http://ex.org/4.pdf");
    json_decref(d);
    d = parse_str("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"url\":\"/p/1\"},"
                  "{\"id\":\"2\",\"url\":\"https://ex.org\"}]}",
                  NULL);
    assert_string_equal(item_field(d, 0, "url"), "/p/1");
    assert_string_equal(item_field(d, 1, "url"), "https://ex.org");
    json_decref(d);
}

/* UTF-8 read as windows-1252 or as ISO-8859-1 and encoded again is turned
 * back, whichever bytes it holds (0x80..0x9F included); references to the
 * five bytes windows-1252 leaves undefined never reach the output, and a C1
 * control left in the text (windows-1252 read as ISO-8859-1) is
 * windows-1252's character; nor do other controls (DEL, a C0 one). */
static void test_garbled_text(void **state)
{
    (void)state;
    assert_first_title("<rss version='2.0'><channel><item><title>caf\xC3\x83\xC2\xA9 \xC3\xA2\xC2\x80\xC2\x9Dq\xC3\xA2\xC2\x80\xC2\x9D"
                       "</title></item></channel></rss>",
                       "caf\xC3\xA9 \xE2\x80\x9Dq\xE2\x80\x9D");
    assert_first_title("<rss version='2.0'><channel><item><title>it\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s</title></item></channel></rss>",
                       "it\xE2\x80\x99s");
    assert_first_title(
        "<rss version='2.0'><channel><item><title>It&#146;s &#157;x&#x81;y\xC2\x85z</title></item></channel></rss>",
        "It\xE2\x80\x99s xy\xE2\x80\xA6z");
    assert_first_title("<rss version='2.0'><channel><item><title>we\xC2\x92re "
                       "&#127;x\x7Fy&amp;#127;z&amp;#x7;</title></item></channel></rss>",
                       "we\xE2\x80\x99re xyz");
    /* "&lang;" and "&rang;" are the HTML standard's angle brackets (HTML 4
     * had others) */
    assert_first_title(
        "<rss version='2.0'><channel><item><title>&lang;a&rang; &amp;lang;b&amp;rang;</title></item></channel></rss>",
        "\xE2\x9F\xA8"
        "a\xE2\x9F\xA9 \xE2\x9F\xA8"
        "b\xE2\x9F\xA9");
    /* the HTML standard's names beyond HTML 4's */
    assert_first_title(
        "<rss version='2.0'><channel><item><title>P&rcaron;&iacute;li&scaron; &mldr;</title></item></channel></rss>",
        "P\xC5\x99\xC3\xADli\xC5\xA1 \xE2\x80\xA6");
    /* long ones and pairs (a character and a combining mark), in the
     * feed's markup and in its escaped HTML; "&nGt;" and "&nLt;", whose
     * two characters take more bytes than their names, are read as HTML
     * only (an RSS title may be HTML; an Atom text title is text) */
    assert_first_title("<rss version='2.0'><channel><item><title>&DoubleLongLeftRightArrow; &NotEqualTilde; "
                       "&fjlig;ord &nGt;</title></item></channel></rss>",
                       "\xE2\x9F\xBA \xE2\x89\x82\xCC\xB8 fjord \xE2\x89\xAB\xE2\x83\x92");
    assert_first_title("<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>1</id><title>&DoubleLongLeftRightArrow; "
                       "&NotEqualTilde; &fjlig;ord &nGt;</title></entry></feed>",
                       "\xE2\x9F\xBA \xE2\x89\x82\xCC\xB8 fjord &nGt;");
    assert_first_title("<rss version='2.0'><channel><item><title>&amp;DoubleLongLeftRightArrow; "
                       "&amp;NotEqualTilde; &amp;fjlig;ord &amp;nGt;</title></item></channel></rss>",
                       "\xE2\x9F\xBA \xE2\x89\x82\xCC\xB8 fjord \xE2\x89\xAB\xE2\x83\x92");
}

/* A feed in UTF-8 with a few bytes of windows-1252 pasted in (smart
 * quotes) is read as UTF-8, those bytes as windows-1252: its accents are
 * not turned into mojibake by reading the whole as another charset. A
 * feed with no multi-byte sequence is still a single-byte one. */
static void test_stray_bytes(void **state)
{
    (void)state;
    json_t *o =
        parse_str("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Actualit\xC3\xA9s</title>"
                  "<item><title>Caf\xC3\xA9 cr\xC3\xA8me</title><description>Un \xC3\xA9t\xC3\xA9 br\xC3\xBBlant "
                  "\x93"
                  "fini\x94.</description></item></channel></rss>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "summary"), "Un \xC3\xA9t\xC3\xA9 br\xC3\xBBlant \xE2\x80\x9C"
                                                            "fini\xE2\x80\x9D.");
    assert_string_equal(nw_json_str(item(o, 0), "title"), "Caf\xC3\xA9 cr\xC3\xA8me");
    json_decref(o);
    /* declared UTF-8, written in ISO-8859-1 throughout */
    o = parse_str("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><item><title>Caf\xE9 cr\xE8me "
                  "\xE0 la gare</title></item></channel></rss>",
                  NULL);
    assert_string_equal(nw_json_str(item(o, 0), "title"), "Caf\xC3\xA9 cr\xC3\xA8me \xC3\xA0 la gare");
    json_decref(o);
}

/* A feed in EBCDIC (XML 1.0, appendix F) is read in the code page it
 * declares: "[1]" has other bytes in IBM500 than in IBM037. */
static void test_ebcdic(void **state)
{
    (void)state;
    static const char doc[] = /* <?xml version="1.0" encoding="cp500"?> in IBM500 */
        "\x4c\x6f\xa7\x94\x93\x40\xa5\x85\x99\xa2\x89\x96\x95\x7e\x7f\xf1\x4b\xf0\x7f\x40\x85\x95\x83\x96"
        "\x84\x89\x95\x87\x7e\x7f\x83\x97\xf5\xf0\xf0\x7f\x6f\x6e"
        /* <rss version="2.0"><channel><title>Café [1]</title></channel></rss> */
        "\x4c\x99\xa2\xa2\x40\xa5\x85\x99\xa2\x89\x96\x95\x7e\x7f\xf2\x4b\xf0\x7f\x6e\x4c\x83\x88\x81\x95"
        "\x95\x85\x93\x6e\x4c\xa3\x89\xa3\x93\x85\x6e\xc3\x81\x86\x51\x40\x4a\xf1\x5a\x4c\x61\xa3\x89\xa3"
        "\x93\x85\x6e\x4c\x61\x83\x88\x81\x95\x95\x85\x93\x6e\x4c\x61\x99\xa2\xa2\x6e";
    struct nw_err err = {0};
    json_t *o = feed_parse(doc, sizeof doc - 1, NULL, NULL, &err);
    assert_non_null(o);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "Caf\xC3\xA9 [1]");
    json_decref(o);
}

/* Atom's form of a link in an RSS item or channel, its namespace left
 * out, gives the link; Atom content of a binary type is decoded when its
 * bytes are text, and is no content when they are not (an image). */
static void test_link_and_content_forms(void **state)
{
    (void)state;
    json_t *o = parse_str("<rss version='2.0'><channel><title>C</title><link href='http://e.org/home'/>"
                          "<item><title>t</title><link href='http://e.org/a'/></item>"
                          "<item><title>u</title><link rel='self' href='http://e.org/self'/></item></channel></rss>",
                          NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "link"), "http://e.org/home");
    const char *want[] = {"http://e.org/a", NULL};
    expect_items(o, "url", want, 2);
    json_decref(o);
    o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>png</title>"
                  "<content type='image/png'>iVBORw0KGgoAAAANSUhEUg==</content></entry>"
                  "<entry><title>text</title><content type='application/octet-stream'>"
                  "RXhhbXBsZSA8Yj5BdG9tPC9iPg==</content></entry></feed>",
                  NULL);
    const char *content[] = {NULL, "Example <b>Atom</b>"};
    expect_items(o, "content", content, 2);
    json_decref(o);
}

/* Elements written where another format's are expected, as feedparser
 * reads them too: an RSS item's <content> without its namespace, an Atom
 * entry's or feed's <description>, an item's own lastBuildDate (its update,
 * unless a plainer element says one). */
static void test_elements_out_of_place(void **state)
{
    (void)state;
    json_t *o = parse_str("<rss version='2.0'><channel><title>C</title>"
                          "<item><title>a</title><content>&lt;p&gt;Full &lt;b&gt;text&lt;/b&gt;&lt;/p&gt;</content>"
                          "<lastBuildDate>Tue, 10 Jun 2003 04:00:00 GMT</lastBuildDate></item>"
                          "<item><title>b</title><content:encoded xmlns:content='http://purl.org/rss/1.0/modules/"
                          "content/'>&lt;p&gt;Encoded&lt;/p&gt;</content:encoded><content>Other</content>"
                          "<atom:updated xmlns:atom='http://www.w3.org/2005/Atom'>2003-06-11T00:00:00Z</atom:updated>"
                          "<lastBuildDate>Tue, 10 Jun 2003 04:00:00 GMT</lastBuildDate></item>"
                          "<item><title>c</title></item>"
                          "</channel></rss>",
                          NULL);
    const char *content[] = {"<p>Full <b>text</b></p>", "<p>Encoded</p>", NULL};
    expect_items(o, "content", content, 3);
    const char *updated[] = {"2003-06-10T04:00:00Z", "2003-06-11T00:00:00Z", NULL};
    expect_items(o, "updated", updated, 3);
    json_decref(o);
    o = parse_str("<feed xmlns='http://www.w3.org/2005/Atom'><title>F</title><description>About F</description>"
                  "<entry><title>e</title><id>x</id><description>Short &lt;i&gt;form&lt;/i&gt;</description></entry>"
                  "<entry><title>f</title><id>y</id><summary>Sum</summary></entry></feed>",
                  NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "description"), "About F");
    const char *summary[] = {"Short <i>form</i>", "Sum"};
    expect_items(o, "summary", summary, 2);
    json_decref(o);
}

/* An item's and a channel's own <title> is their title wherever it
 * stands, before a Dublin Core or Media RSS title ahead of it (a song's
 * name ahead of the chart's line); an empty one is not. */
static void test_own_title_first(void **state)
{
    (void)state;
    json_t *o = parse_str(
        "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:media='http://search.yahoo.com/mrss/'>"
        "<channel><dc:title>Site (DC)</dc:title><title>Site</title>"
        "<item><media:title>You're Beautiful</media:title><title>#1: You're Beautiful - James Blunt</title></item>"
        "<item><dc:title>b (DC)</dc:title><title>b</title><title>b again</title></item>"
        "<item><title>c</title><dc:title>c (DC)</dc:title></item>"
        "<item><dc:title>d (DC)</dc:title><title> </title></item>"
        "<item><media:title>e (media)</media:title></item>"
        "</channel></rss>",
        NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "Site");
    const char *title[] = {"#1: You're Beautiful - James Blunt", "b", "c", "d (DC)", "e (media)"};
    expect_items(o, "title", title, 5);
    json_decref(o);
}

/* A feed whose declaration (or server) says iso-8859-1 over UTF-8 bytes
 * is read as UTF-8: every field, characters windows-1252 has no place for
 * too ("Ł", U+FE0F), which no repair of the text afterwards gets back. */
static void test_utf8_under_latin1_label(void **state)
{
    (void)state;
    const char *doc = "<?xml version='1.0' encoding='ISO-8859-1'?><rss version='2.0'><channel><title>\xC5\x81\xC3"
                      "\xB3"
                      "d\xC5\xBA</title><item><title>Snow \xE2\x98\x83\xEF\xB8\x8F fight</title><guid "
                      "isPermaLink='false'>\xE8\xA8\x98\xE4\xBA\x8B"
                      "1</guid><category>transp\xC5\x82"
                      "ciowo\xC5"
                      "\x9B\xC4\x87</category><description>2 \xE2\x80\x9D drives</description></item>"
                      "</channel></rss>";
    json_t *o = parse_str(doc, NULL);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "title"), "\xC5\x81\xC3\xB3"
                                                                          "d\xC5\xBA");
    const json_t *it = item(o, 0);
    assert_string_equal(nw_json_str(it, "title"), "Snow \xE2\x98\x83\xEF\xB8\x8F fight");
    assert_string_equal(nw_json_str(it, "guid"), "\xE8\xA8\x98\xE4\xBA\x8B"
                                                 "1");
    assert_string_equal(json_string_value(json_array_get(json_object_get(it, "categories"), 0)),
                        "transp\xC5\x82"
                        "ciowo\xC5\x9B\xC4\x87");
    assert_string_equal(nw_json_str(it, "summary"), "2 \xE2\x80\x9D drives");
    json_decref(o);
}

/* The parser stage's result for a feed fetched from http://e.org/feed:
 * read without error, with n items. */
static void stage_feed(const char *feed, struct nw_result *res, size_t n)
{
    struct nw_doc doc = {.job = {.kind = NW_KIND_FEED}, .url = "http://e.org/feed", .status = 200};
    parser_handle_doc(&doc, feed, strlen(feed), 1 << 20, res);
    assert_null(res->error);
    assert_int_equal(res->items.n, n);
}

/* In the daemon, an item's language is read from its text when it has 50
 * words or more, even when its feed declares another (a template's); a
 * shorter text is left to the feed's declaration, which the store uses.
 * The label of an ad slot in a full text is not part of it. */
static void test_item_language(void **state)
{
    (void)state;
    static const char *const text =
        "Der Gemeinderat hat am Dienstag beschlossen, die alte Br\xC3\xBC" "cke zu schlie\xC3\x9F" "en, die seit 1931 den "
        "Verkehr \xC3\xBC" "ber den Fluss tr\xC3\xA4gt, nachdem Ingenieure Risse in zwei ihrer Pfeiler gefunden hatten. "
        "Eine Reparatur w\xC3\xBCrde mehr kosten als ein Neubau, sagten die Ingenieure, und die Arbeiten w\xC3\xBCrden "
        "mindestens drei Jahre dauern, in denen die Br\xC3\xBC" "cke ohnehin gesperrt w\xC3\xA4re. Die Anwohner, die den "
        "Fluss jeden Tag \xC3\xBC" "berqueren, baten den Rat um eine F\xC3\xA4hre f\xC3\xBCr die Zwischenzeit.";
    for (int declared = 0; declared < 2; declared++) {
        char feed[4096];
        snprintf(feed, sizeof feed,
                 "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>T</title>"
                 "%s<item><title>Br\xC3\xBC" "cke</title><link>http://e.org/1</link><content:encoded><![CDATA[<p>%s</p>"
                 "<p>- Anzeige -</p><p>Ende der Meldung.</p>]]></content:encoded>"
                 "</item><item><title>Kurz</title><link>http://e.org/2</link><description>Nur ein Satz.</description>"
                 "</item></channel></rss>",
                 declared ? "<language>en-US</language>" : "", text);
        struct nw_result res;
        stage_feed(feed, &res, 2);
        const struct nw_item *it = res.items.v;
        if (declared)
            assert_string_equal(res.feed_lang, "en-US");
        else
            assert_null(res.feed_lang);
        assert_non_null(it[0].lang);
        assert_string_equal(it[0].lang, "de");
        assert_null(strstr(it[0].text, "Anzeige"));
        assert_non_null(strstr(it[0].text, "Zwischenzeit.\n\nEnde der Meldung."));
        assert_null(it[1].lang); /* too little text to tell */
        nw_noun_cleanup(&nw_result_noun, &res);
    }
}

/* RFC 4287 4.2.1: an Atom entry that names no author has its source
 * feed's (an aggregator's entry), else its feed's. `parse` gives the
 * feed's authors beside its entries (as feedparser reads them); in the
 * daemon a full-text entry takes them, an entry of a summary alone does
 * not (its page is read for a byline), nor one that names its own, nor an
 * RSS item under its channel's managingEditor. */
static void test_feed_author_inherited(void **state)
{
    (void)state;
    char body[2048] = "";
    for (int i = 0; i < 8; i++)
        strcat(body, "The council closed the old bridge after engineers found cracks in two of its piers. ");
    char feed[8192];
    snprintf(feed, sizeof feed,
             "<feed xmlns='http://www.w3.org/2005/Atom'><title>Blog</title><author><name>Jane Roe</name></author>"
             "<author><name>John Doe</name><email>jd@example.org</email></author>"
             "<entry><id>urn:a</id><title>Full</title><link href='http://e.org/a'/><content type='html'>%s</content>"
             "</entry><entry><id>urn:b</id><title>Own</title><link href='http://e.org/b'/><author><name>Ann Lee</name>"
             "</author><content type='html'>%s</content></entry><entry><id>urn:c</id><title>Teaser</title>"
             "<link href='http://e.org/c'/><summary>A teaser of a few words.</summary></entry>"
             "<entry><id>urn:d</id><title>Aggregated</title><link href='http://b.org/d'/><content type='html'>%s"
             "</content><source><id>urn:b</id><title>B</title><author><name>Bea Rowe</name></author></source>"
             "</entry></feed>",
             body, body, body);
    struct nw_err err = {0};
    json_t *o = feed_parse(feed, strlen(feed), "http://e.org/feed", NULL, &err);
    assert_non_null(o);
    assert_string_equal(nw_json_str(json_object_get(o, "feed"), "author"), "Jane Roe, John Doe");
    assert_null(json_object_get(json_array_get(json_object_get(o, "items"), 0), "author"));
    assert_null(json_object_get(json_array_get(json_object_get(o, "items"), 3), "author"));
    assert_null(json_object_get(json_array_get(json_object_get(o, "items"), 3), "source_author"));
    json_decref(o);
    struct nw_result res;
    stage_feed(feed, &res, 4);
    const struct nw_item *it = res.items.v;
    assert_non_null(it[0].author);
    assert_string_equal(it[0].author, "Jane Roe, John Doe");
    assert_int_equal(it[0].authors.n, 2);
    assert_string_equal(it[1].author, "Ann Lee");
    assert_true(it[2].needs_article);
    assert_null(it[2].author);
    assert_non_null(it[3].author); /* an aggregated entry: its source feed's, before the aggregator's */
    assert_string_equal(it[3].author, "Bea Rowe");
    nw_noun_cleanup(&nw_result_noun, &res);
    static const char rss[] = "<rss version='2.0'><channel><title>T</title><managingEditor>ed@example.org (Ed Itor)"
                              "</managingEditor><item><title>A</title><link>http://e.org/1</link><description>Words."
                              "</description></item></channel></rss>";
    stage_feed(rss, &res, 1);
    assert_null(((const struct nw_item *)res.items.v)->author);
    nw_noun_cleanup(&nw_result_noun, &res);
}

/* A short item's text (12 to 49 words) under a declared language of
 * another script is read for its own: a Russian or Japanese site's feed
 * that kept its software's "en-US", an English one declaring Kannada.
 * Under a language of its own script the declaration stands ("es" over
 * Portuguese: too little text to overrule it). */
static void test_item_language_other_script(void **state)
{
    (void)state;
    static const struct {
        const char *declared, *title, *text, *want;
    } cases[] = {
        {"en-US", "Мост закрыт",
         "Городской совет во вторник решил закрыть старый мост через реку после того, как инженеры нашли трещины в "
         "двух его опорах, и движение теперь идёт в объезд через холмы.",
         "ru"},
        {"en-US", "橋が閉鎖",
         "市議会は火曜日、技術者が橋脚の二本にひびを見つけたことを受けて、川に架かる古い橋を閉鎖することを決めた。"
         "交通は現在、丘を越える長い迂回路を通っている。住民は渡し船を求めている。",
         "ja"},
        {"kn", "Bridge closed",
         "The city council decided on Tuesday to close the old bridge over the river after engineers found cracks in "
         "two "
         "of its piers, and traffic now takes a long detour through the hills.",
         "en"},
        {"en-US", "Bridge closed",
         "The city council decided on Tuesday to close the old bridge over the river after engineers found cracks in "
         "two "
         "of its piers, and traffic now takes a long detour through the hills.",
         NULL},
        {"es", "Ponte fechada",
         "A câmara municipal decidiu na terça-feira fechar a velha ponte sobre o rio depois de os engenheiros "
         "encontrarem fissuras em dois dos seus pilares, e o trânsito faz agora um longo desvio.",
         NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char feed[4096];
        snprintf(feed, sizeof feed,
                 "<rss version='2.0'><channel><title>T</title><language>%s</language><item><title>%s</title>"
                 "<link>http://e.org/1</link><description>%s</description></item></channel></rss>",
                 cases[i].declared, cases[i].title, cases[i].text);
        struct nw_result res;
        stage_feed(feed, &res, 1);
        const struct nw_item *it = res.items.v;
        assert_true(it->word_count >= 12 && it->word_count < 50);
        if (!cases[i].want != !it->lang || (it->lang && strcmp(it->lang, cases[i].want)))
            fail_msg("case %zu: %s, want %s", i, it->lang ? it->lang : "(none)",
                     cases[i].want ? cases[i].want : "(none)");
        nw_noun_cleanup(&nw_result_noun, &res);
    }
}

/* An item's title and text are read as a page's are, without the soft
 * hyphens of long words ("Bundes&shy;regierung"), in the daemon and in
 * `parse`'s plain-text title alike. */
static void test_item_invisible_characters(void **state)
{
    (void)state;
    static const char feed[] =
        "<rss version='2.0'><channel><title>T</title><item><title>Bundes\xc2\xadregierung beschlie\xc3\x9ft</title>"
        "<link>http://e.org/1</link><description>Die Bundes&amp;shy;regierung hat am Donners\xc2\xadtag "
        "\xe2\x80\x8b entschieden.</description></item></channel></rss>";
    struct nw_result res;
    stage_feed(feed, &res, 1);
    const struct nw_item *it = res.items.v;
    assert_string_equal(it->title, "Bundesregierung beschlie\xc3\x9ft");
    assert_string_equal(it->text, "Die Bundesregierung hat am Donnerstag entschieden.");
    nw_noun_cleanup(&nw_result_noun, &res);
    json_t *o = parse_str(feed, NULL);
    const char *title[] = {"Bundesregierung beschlie\xc3\x9ft"};
    expect_items(o, "title", title, 1);
    json_decref(o);
}

/* A content of markup alone (an image) leaves the item the text of its
 * summary, and the article page is fetched for the full text. */
static void test_item_text_from_summary(void **state)
{
    (void)state;
    static const char feed[] =
        "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>T</title>"
        "<item><title>A</title><link>http://e.org/1</link><description>The bridge closes on Monday.</description>"
        "<content:encoded><![CDATA[<figure><img src='http://e.org/b.jpg'></figure>]]></content:encoded></item>"
        "</channel></rss>";
    struct nw_result res;
    stage_feed(feed, &res, 1);
    const struct nw_item *it = res.items.v;
    assert_non_null(it->text);
    assert_string_equal(it->text, "The bridge closes on Monday.");
    assert_int_equal(it->word_count, 5);
    assert_true(it->needs_article);
    nw_noun_cleanup(&nw_result_noun, &res);
}

/* The lines a publishing system adds to every item's text (an SEO
 * plugin's "appeared first on", Medium's, a "Continue reading" link, an
 * aggregator's "[link] [comments]") are not the story; a text that only resembles them keeps its last line. */
static void test_item_feed_footer(void **state)
{
    (void)state;
    static const char feed[] =
        "<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        "<channel><title>T</title>"
        "<item><title>One</title><link>http://e.org/1</link><content:encoded><![CDATA[<p>The council met on "
        "Tuesday.</p><p>It voted to close the bridge.</p><p><a href='http://e.org/1'>Continue reading "
        "&#8594;</a></p><p>The post <a rel='nofollow' href='http://e.org/1'>One</a> appeared first on "
        "<a rel='nofollow' href='http://e.org'>E News</a>.</p>]]></content:encoded></item>"
        "<item><title>Due</title><link>http://e.org/2</link><description><![CDATA[<p>Il consiglio ha votato "
        "marted&#236;.</p><p>L&#8217;articolo <a href='http://e.org/2'>Due</a> proviene da <a "
        "href='http://e.org'>E Notizie</a>.</p>]]></description></item>"
        "<item><title>Three</title><link>http://e.org/3</link><content:encoded><![CDATA[<p>A long read.</p><hr>"
        "<p><a href='http://e.org/3'>Three</a> was originally published in <a href='http://e.org'>E</a> on "
        "Medium, where people are continuing the conversation by highlighting and responding to this "
        "story.</p>]]></content:encoded></item>"
        "<item><title>Four</title><link>http://e.org/4</link><description><![CDATA[<p>Letters were late.</p>"
        "<p>The post office appeared to blame the weather.</p><p>Read more about the storm in tomorrow's "
        "paper, which will carry a full report from every town on the coast and the islands.</p>]]>"
        "</description></item>"
        "<item><title>Five</title><link>http://e.org/5</link><description>Continue reading</description></item>"
        "<item><title>Six</title><link>http://e.org/6</link><description><![CDATA[<p>Is the bridge safe?</p><p>"
        "submitted by <a href='http://e.org/u/ann'>/u/ann</a></p><p><a href='http://e.org/x'>[link]</a> <a "
        "href='http://e.org/6'>[comments]</a></p>]]></description></item>"
        "<item><title>Seven</title><link>http://e.org/7</link><description><![CDATA[<p>The update ships "
        "today.</p><p>To read this article in full, please <a href='http://e.org/7'>click here</a></p>]]>"
        "</description></item>"
        "</channel></rss>";
    struct nw_result res;
    stage_feed(feed, &res, 7);
    const struct nw_item *it = res.items.v;
    assert_string_equal(it[0].text, "The council met on Tuesday.\n\nIt voted to close the bridge.");
    assert_int_equal(it[0].word_count, 11);
    assert_string_equal(it[1].text, "Il consiglio ha votato marted\xC3\xAC.");
    assert_string_equal(it[2].text, "A long read.");
    assert_string_equal(it[3].text, "Letters were late.\n\nThe post office appeared to blame the weather.\n\nRead "
                                    "more about the storm in tomorrow's paper, which will carry a full report "
                                    "from every town on the coast and the islands.");
    assert_string_equal(it[4].text, "Continue reading"); /* never the whole text */
    assert_string_equal(it[5].text, "Is the bridge safe?\n\nsubmitted by /u/ann");
    assert_string_equal(it[6].text, "The update ships today.");
    nw_noun_cleanup(&nw_result_noun, &res);
}

/* An article job whose page turns out to be a feed: an error the store
 * does not try again (permanent). */
static void test_article_that_is_a_feed(void **state)
{
    (void)state;
    static const char feed[] = "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>";
    struct nw_doc doc = {.job = {.kind = NW_KIND_ARTICLE, .id = 9}, .url = "http://e.org/a.html", .status = 200};
    struct nw_result res;
    parser_handle_doc(&doc, feed, strlen(feed), 1 << 20, &res);
    assert_non_null(res.error);
    assert_string_equal(res.error, "a feed (<rss>), not an HTML page");
    assert_true(res.permanent);
    assert_int_equal(res.items.n, 0);
    nw_noun_cleanup(&nw_result_noun, &res);
}

/* An article link whose redirects led to a home page (a story taken
 * down) or to a sign-in page (a paywall) has no article there; one that
 * led to the story's own address elsewhere, or asked for a home page,
 * does. */
static void test_redirected_away(void **state)
{
    (void)state;
    static const char page[] = "<html><head><title>News</title></head><body><article><p>The harbour reopened on "
                               "Tuesday after three weeks of repairs, the port authority said, and ships docked."
                               "</p></article></body></html>";
    static const struct {
        const char *asked, *got, *error;
    } cases[] = {
        {"https://e.org/2026/12/story", "https://e.org/",
         "redirected to a home page (https://e.org/), not the article"},
        {"https://e.org/2026/12/story", "https://www.e.org/en/?from=gone",
         "redirected to a home page (https://www.e.org/en/?from=gone), not the article"},
        {"https://e.org/a/story", "https://e.org/index.php",
         "redirected to a home page (https://e.org/index.php), not "
         "the article"},
        {"https://e.org/a/story", "https://e.org/users/sign_in?return=%2Fa%2Fstory",
         "redirected to a sign-in or subscription page (https://e.org/users/sign_in?return=%2Fa%2Fstory), not the "
         "article"},
        {"https://e.org/a/story", "https://e.org/Subscribe/offer",
         "redirected to a sign-in or subscription page "
         "(https://e.org/Subscribe/offer), not the article"},
        {"https://e.org/a/story", "https://e.org/a/story/", NULL},
        {"http://e.org/a/story", "https://e.org/a/story", NULL},
        {"https://e.org/a/story", "https://amp.e.org/a/story", NULL},
        {"https://e.org/", "https://e.org/en/", NULL},
        {"https://e.org/login/why-we-log-in", "https://e.org/login/why-we-log-in-2", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct nw_doc doc = {.job = {.kind = NW_KIND_ARTICLE, .id = 9, .url = (char *)cases[i].asked},
                             .url = (char *)cases[i].got,
                             .status = 200};
        struct nw_result res;
        parser_handle_doc(&doc, page, strlen(page), 1 << 20, &res);
        if (cases[i].error) {
            assert_non_null(res.error);
            assert_string_equal(res.error, cases[i].error);
            assert_true(res.permanent);
        } else if (res.error) {
            fail_msg("%s -> %s: %s", cases[i].asked, cases[i].got, res.error);
        }
        nw_noun_cleanup(&nw_result_noun, &res);
    }
}

/* A feed served as a gzip file (no Content-Encoding for the fetcher to
 * undo) is read decompressed; gzip bytes that do not decompress are an
 * error that says so. */
static void test_gzip_file_body(void **state)
{
    (void)state;
    static const char feed[] = "<rss version='2.0'><channel><title>T</title><item><title>One</title>"
                               "<link>http://e.org/1</link></item></channel></rss>";
    unsigned char gz[1024];
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)feed;
    z.avail_in = (uInt)strlen(feed);
    z.next_out = gz;
    z.avail_out = sizeof gz;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t n = sizeof gz - z.avail_out;
    deflateEnd(&z);
    struct nw_doc doc = {.job = {.kind = NW_KIND_FEED}, .url = "http://e.org/feed.xml.gz", .status = 200,
                         .content_type = "application/x-gzip"};
    struct nw_result res;
    parser_handle_doc(&doc, gz, n, 1 << 20, &res);
    assert_null(res.error);
    assert_int_equal(res.items.n, 1);
    assert_string_equal(((struct nw_item *)res.items.v)->title, "One");
    nw_noun_cleanup(&nw_result_noun, &res);
    gz[12] ^= 0xff;
    gz[13] ^= 0xff;
    parser_handle_doc(&doc, gz, n, 1 << 20, &res);
    assert_non_null(res.error);
    assert_non_null(strstr(res.error, "gzip data that does not decompress"));
    nw_noun_cleanup(&nw_result_noun, &res);
}

/* A feed body cut at fetcher.max_body is read up to its last whole entry
 * (RSS and Atom, prefixed or not, a sitemap's <url>): the entry cut in
 * half is not an item.
 * A cut body that is no feed says it was cut. */
static void test_truncated_body(void **state)
{
    (void)state;
    static const char *const feeds[] = {
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>One</title>"
        "<link>http://e.org/1</link></item><item><title>Two</title><link>http://e.org/2</link></item>"
        "<item><title>Three</title><link>http://e.org/3</link><description>Half of it",
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>T</title><entry><title>One</title>"
        "<link href='http://e.org/1'/><id>1</id></entry><entry><title>Two</title><link href='http://e.org/2'/>"
        "<id>2</id></entry><entry><title>Three</title><link href='http://e.org/3'/><id>3</id><summary>Half",
        "<?xml version='1.0'?><a:feed xmlns:a='http://www.w3.org/2005/Atom'><a:title>T</a:title><a:entry>"
        "<a:title>One</a:title><a:id>1</a:id></a:entry><a:entry><a:title>Two</a:title><a:id>2</a:id></a:entry>"
        "<a:entry><a:title>Three</a:title><a:id>3</a:id><a:summary>Half",
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        "xmlns:n='http://www.google.com/schemas/sitemap-news/0.9'><url><loc>http://e.org/1</loc><n:news>"
        "<n:title>One</n:title></n:news></url><url><loc>http://e.org/2</loc><n:news><n:title>Two</n:title>"
        "</n:news></url><url><loc>http://e.org/3</loc><n:news><n:title>Thr",
    };
    for (size_t i = 0; i < sizeof feeds / sizeof *feeds; i++) {
        struct nw_doc doc = {
            .job = {.kind = NW_KIND_FEED}, .url = "http://e.org/feed", .status = 200, .truncated = true};
        struct nw_result res;
        parser_handle_doc(&doc, feeds[i], strlen(feeds[i]), 1 << 20, &res);
        assert_null(res.error);
        assert_int_equal(res.items.n, 2);
        assert_string_equal(((struct nw_item *)res.items.v)[1].title, "Two");
        nw_noun_cleanup(&nw_result_noun, &res);
    }
    struct nw_doc doc = {.job = {.kind = NW_KIND_FEED}, .url = "http://e.org/feed", .status = 200, .truncated = true};
    struct nw_result res;
    static const char zeros[64] = {0};
    parser_handle_doc(&doc, zeros, sizeof zeros, 1 << 20, &res);
    assert_non_null(res.error);
    assert_non_null(strstr(res.error, "cut at fetcher.max_body"));
    nw_noun_cleanup(&nw_result_noun, &res);
}

/* Titles, names and categories are display text: a feed that puts
 * megabytes in one (hostile, or broken: a body cut short inside a
 * title) gives them cut to NW_LINE_MAX bytes, "…" at the end, and no more
 * than NW_LINES_MAX categories an item, in `parse`'s output and in the
 * RESULT the store keeps (the feed's title in its record, rewritten at
 * each fetch). */
static void puts_times(struct nw_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        nw_buf_puts(b, s);
}

static void test_huge_titles(void **state)
{
    (void)state;
    struct nw_buf rss = {0}, jf = {0};
    size_t big = 1 << 20;
    nw_buf_puts(&rss, "<?xml version='1.0'?><rss version='2.0'><channel><title>");
    puts_times(&rss, "Headline", big / 8);
    nw_buf_puts(&rss, "</title><item><title>");
    puts_times(&rss, "word \xc3\xa9 ", big / 8);
    nw_buf_puts(&rss, "</title><link>http://e.org/1</link><author>");
    puts_times(&rss, "Ann Lee ", big / 8);
    nw_buf_puts(&rss, "</author><category>");
    puts_times(&rss, "Politics", big / 8);
    nw_buf_puts(&rss, "</category>");
    for (int i = 0; i < 1200; i++)
        nw_buf_printf(&rss, "<category>tag%d</category>", i);
    nw_buf_puts(&rss, "</item><item><title>Short one</title><link>http://e.org/2</link></item></channel></rss>");
    nw_buf_puts(&jf, "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"");
    puts_times(&jf, "JSONFeed", big / 8);
    nw_buf_puts(&jf, "\",\"items\":[{\"id\":\"1\",\"url\":\"http://e.org/1\",\"title\":\"");
    puts_times(&jf, "ab cd ef", big / 8);
    nw_buf_puts(&jf, "\"}]}");
    const struct nw_buf *docs[] = {&rss, &jf};
    for (size_t d = 0; d < 2; d++) {
        struct nw_err err = {0};
        json_t *o = feed_parse(docs[d]->data, docs[d]->len, "http://e.org/feed", NULL, &err);
        assert_non_null(o);
        const char *ft = nw_json_str(json_object_get(o, "feed"), "title");
        assert_non_null(ft);
        assert_true(strlen(ft) <= NW_LINE_MAX && strlen(ft) > NW_LINE_MAX - 64);
        assert_string_equal(ft + strlen(ft) - 3, "\xe2\x80\xa6");
        json_t *it = json_array_get(json_object_get(o, "items"), 0);
        const char *t = nw_json_str(it, "title");
        assert_true(strlen(t) <= NW_LINE_MAX && strlen(t) > NW_LINE_MAX - 64);
        if (d == 0) {
            assert_true(strlen(nw_json_str(it, "author")) <= NW_LINE_MAX);
            json_t *cats = json_object_get(it, "categories");
            assert_int_equal(json_array_size(cats), 1000);
            const char *c0 = json_string_value(json_array_get(cats, 0));
            assert_true(strlen(c0) <= NW_LINE_MAX && strlen(c0) > NW_LINE_MAX - 64);
            assert_string_equal(c0 + strlen(c0) - 3, "\xe2\x80\xa6");
            assert_string_equal(nw_json_str(json_array_get(json_object_get(o, "items"), 1), "title"), "Short one");
        }
        assert_true(nw_json_utf8_ok(o));
        json_decref(o);
        /* the parser stage's RESULT */
        struct nw_doc doc = {.job = {.kind = NW_KIND_FEED}, .url = "http://e.org/feed", .status = 200};
        struct nw_result res;
        parser_handle_doc(&doc, docs[d]->data, docs[d]->len, 1 << 24, &res);
        assert_null(res.error);
        assert_non_null(res.feed_title);
        assert_true(strlen(res.feed_title) <= NW_LINE_MAX);
        struct nw_item *items = res.items.v;
        assert_true(res.items.n >= 1);
        assert_true(strlen(items[0].title) <= NW_LINE_MAX);
        if (d == 0) {
            /* no name, as the stage reads names */
            assert_true(!items[0].author || strlen(items[0].author) <= NW_LINE_MAX);
            assert_int_equal(items[0].categories.n, 1000);
        }
        nw_noun_cleanup(&nw_result_noun, &res);
    }
    nw_buf_cleanup(&rss);
    nw_buf_cleanup(&jf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_seed_feed),
                                       cmocka_unit_test(test_atom),
                                       cmocka_unit_test(test_atom_untyped_is_text),
                                       cmocka_unit_test(test_json_feed_plain_titles),
                                       cmocka_unit_test(test_json_feed_nul),
                                       cmocka_unit_test(test_zero_dates),
                                       cmocka_unit_test(test_raw_html_in_rss),
                                       cmocka_unit_test(test_publication_dates),
                                       cmocka_unit_test(test_channel_dates),
                                       cmocka_unit_test(test_unclosed_items),
                                       cmocka_unit_test(test_unbalanced_markup),
                                       cmocka_unit_test(test_fault_stays_in_its_item),
                                       cmocka_unit_test(test_item_element_left_open),
                                       cmocka_unit_test(test_alternates),
                                       cmocka_unit_test(test_json_feed_base_and_authors),
                                       cmocka_unit_test(test_json_feed_two_readers),
                                       cmocka_unit_test(test_plain_text_paragraphs),
                                       cmocka_unit_test(test_namespaces_and_authors),
                                       cmocka_unit_test(test_rdf_and_json_feed),
                                       cmocka_unit_test(test_junk_before_feed),
                                       cmocka_unit_test(test_errors),
                                       cmocka_unit_test(test_lift_random),
                                       cmocka_unit_test(test_long_text_runs),
                                       cmocka_unit_test(test_output_is_utf8),
                                       cmocka_unit_test(test_xhtml_content),
                                       cmocka_unit_test(test_summary_extended),
                                       cmocka_unit_test(test_category_forms),
                                       cmocka_unit_test(test_entities_are_bounded),
                                       cmocka_unit_test(test_item_lists_are_bounded),
                                       cmocka_unit_test(test_sanitize_and_discover),
                                       cmocka_unit_test(test_fuzz_regressions),
                                       cmocka_unit_test(test_text_kept),
                                       cmocka_unit_test(test_links_and_ids),
                                       cmocka_unit_test(test_garbled_text),
                                       cmocka_unit_test(test_sitemaps),
                                       cmocka_unit_test(test_stray_bytes),
                                       cmocka_unit_test(test_ebcdic),
                                       cmocka_unit_test(test_link_and_content_forms),
                                       cmocka_unit_test(test_elements_out_of_place),
                                       cmocka_unit_test(test_own_title_first),
                                       cmocka_unit_test(test_utf8_under_latin1_label),
                                       cmocka_unit_test(test_item_language),
                                       cmocka_unit_test(test_item_language_other_script),
                                       cmocka_unit_test(test_feed_author_inherited),
                                       cmocka_unit_test(test_item_feed_footer),
                                       cmocka_unit_test(test_item_text_from_summary),
                                       cmocka_unit_test(test_item_invisible_characters),
                                       cmocka_unit_test(test_article_that_is_a_feed),
                                       cmocka_unit_test(test_gzip_file_body),
                                       cmocka_unit_test(test_redirected_away),
                                       cmocka_unit_test(test_truncated_body),
                                       cmocka_unit_test(test_huge_titles)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
