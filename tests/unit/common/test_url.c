#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "../../../common/url.h"

static void random_url(unsigned long long *x, char *url);

static void check_canonical(const char *in, const char *want)
{
    char *got = nw_url_canonical(in);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_canonical(void **state)
{
    (void)state;
    check_canonical("HTTPS://Example.COM:443/a/b?utm_source=rss&utm_medium=feed#top", "https://example.com/a/b");
    check_canonical("http://example.com:80/x?b=2&a=1&fbclid=XYZ&gclid=1", "http://example.com/x?a=1&b=2");
    check_canonical("http://example.com:8080/x", "http://example.com:8080/x");
    check_canonical("https://example.com", "https://example.com/");
    check_canonical("https://example.com/p?id=7&UTM_Campaign=z", "https://example.com/p?id=7");
    check_canonical("not a url", NULL);
    /* a parameter that says only that the link was read in a feed */
    check_canonical("http://biorxiv.example/cgi/content/short/2023.12.16.571984v1?rss=1",
                    "http://biorxiv.example/cgi/content/short/2023.12.16.571984v1");
    check_canonical("https://www.example.com/viewarticle/a?src=rss", "https://www.example.com/viewarticle/a");
    check_canonical("https://w.example/a?source=rss-103cb4aea3c2------2&id=4", "https://w.example/a?id=4");
    check_canonical("https://www.example.com/2012/08/21/a_story.html?wprss=rss_wellness",
                    "https://www.example.com/2012/08/21/a_story.html");
    check_canonical("https://www.example.de/meldung/a-3088438.html?wt_mc=rss.red.ho.ho.atom.beitrag.beitrag",
                    "https://www.example.de/meldung/a-3088438.html");
    check_canonical("https://www.example.fr/a.html?xtor=RSS-3208&from=Feed", "https://www.example.fr/a.html");
    check_canonical("https://example.com/a?partner=rss&emc=rss&cmpid=x", "https://example.com/a");
    /* ... and what is more than that */
    check_canonical("https://blog.example/?feed=rss2", "https://blog.example/?feed=rss2");
    check_canonical("https://example.com/a?q=rssi&tag=feeding&t=atomic",
                    "https://example.com/a?q=rssi&t=atomic&tag=feeding");
    check_canonical("https://example.com/a?src=press", "https://example.com/a?src=press");
    /* the form of a form is itself, on URLs made at random */
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    for (int n = 0; n < 20000; n++) {
        char url[256];
        random_url(&x, url);
        char *once = nw_url_canonical(url);
        if (!once)
            continue;
        char *twice = nw_url_canonical(once);
        if (!twice || strcmp(once, twice))
            fail_msg("%s: %s, then %s", url, once, twice ? twice : "(null)");
        free(once);
        free(twice);
    }
    /* sessions of server frameworks, in the query or the path */
    check_canonical("https://example.com/story.html;jsessionid=A1B2C3?id=7&PHPSESSID=f00",
                    "https://example.com/story.html?id=7");
    check_canonical("https://example.com/a;JSESSIONID=x/b;v=1?ASPSESSIONIDQQGGQ=y&cfid=1&cftoken=2&sid=9",
                    "https://example.com/a/b;v=1?sid=9");
    /* a part taken out may leave what the parse would have read otherwise:
     * the form is the one a second reading gives (the form of a form is
     * itself, or an item's identity would depend on how often its URL was
     * read) */
    check_canonical("https://example.com/a/.;jsessionid=1/b", "https://example.com/a/b");
    check_canonical("https://example.com/a/..;jsessionid=1/b", "https://example.com/b");
    check_canonical("https://Example.COM../x", "https://example.com/x");
    check_canonical("https://8./x", "https://0.0.0.8/x");
    /* parameters sorted as they are written: percent escapes in lower
     * case */
    check_canonical("https://example.com/s?q=%C3%A9t%C3%A9&q=%c3%a9a",
                    "https://example.com/s?q=%c3%a9a&q=%c3%a9t%c3%a9");
    /* the seed's link and its canonical form */
    check_canonical("https://courrier-caucase.example/monde/2020/10/09/haut-karabakh?utm_source=rss&utm_medium=feed",
                    "https://courrier-caucase.example/monde/2020/10/09/haut-karabakh");
}

/* A URL made at random of the parts URLs are made of, and of the parts
 * canonical forms change (case, ports, dots, slashes, percent signs,
 * queries, fragments, IPv4 numbers, user info, bytes over 0x7F): a scheme,
 * a host of a few parts, then anything. url holds 256 bytes. */
static void random_url(unsigned long long *x, char *url)
{
    /* clang-format off */
    static const char *const parts[] = {
        "http://", "https://", "HTTP://", "a", "b1", "example", "com", "COM", ".", "-", "..", "0x7f", "127", "1",
        ":80", ":443", ":8080", "u@", "/", "//", "/.", "/..", "/./", "/x", "/Story_(1)", "~", "%41", "%7e", "?",
        "?a=1", "&utm_source=x", "#", "#top", "=", ";", ",", "'", "!", "*", "+", "$", "@", ":", " ", "\xc3\xa9",
        "\\", "[", "]", "{", "|", "^", "`", "\"",
    };
    /* clang-format on */
    const size_t np = sizeof parts / sizeof *parts;
    *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
    strcpy(url, parts[*x % 3]);
    int hostparts = 1 + (int)(*x >> 8) % 4, rest = (int)(*x >> 16) % 6;
    for (int k = 0; k < hostparts + rest; k++) {
        *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
        const char *part = k < hostparts ? parts[3 + *x % 13] : parts[3 + *x % (np - 3)];
        if (k == hostparts && *x % 4)
            part = "/";
        if (strlen(url) + strlen(part) < 256)
            strcat(url, part);
    }
}

/* The shortcut of nw_url_canonical (a URL already in canonical form is
 * copied, not parsed) agrees with libcurl's parse: on the cases it must
 * refuse, and on every URL of random_url's. */
static void test_canonical_shortcut(void **state)
{
    (void)state;
    const char *slow[] = {
        "HTTPS://a.example/x", "https://A.example/x", "https://a.example", "https://a.example./x",
        "https://a.example:443/x", "https://u@a.example/x", "https://a.example/x/../y", "https://a.example/./y",
        "https://a.example//y", "https://a.example/x/..", "https://a.example/%7e", "https://a.example/x?a=1",
        "https://a.example/x#f", "https://127.0.0.1/x", "https://0x7f.1/x", "https://a.example/\xc3\xa9",
        "https://a.example/a b", "https://-a.example/x", "https://a..example/x", "ftp://a.example/x",
    };
    for (size_t i = 0; i < sizeof slow / sizeof *slow; i++)
        assert_false(nw_url_is_canonical_fast(slow[i]));
    assert_true(nw_url_is_canonical_fast("https://www.example-news.com/2026/11/29/story-1234.html"));
    assert_true(nw_url_is_canonical_fast("http://a.example/"));
    char *longest = calloc(1, 70000);
    strcpy(longest, "https://a.example/");
    memset(longest + strlen(longest), 'b', 69000);
    assert_false(nw_url_is_canonical_fast(longest));
    free(longest);
    unsigned long long x = 88172645463325252ULL;
    size_t fast = 0;
    for (int n = 0; n < 200000; n++) {
        char url[256];
        random_url(&x, url);
        char *full = nw_url_canonical_full(url), *got = nw_url_canonical(url);
        if (nw_url_is_canonical_fast(url)) {
            fast++;
            if (!full || strcmp(full, url))
                fail_msg("shortcut taken for %s, which libcurl makes %s", url, full ? full : "(null)");
        }
        if (full || got)
            assert_true(full && got && !strcmp(full, got));
        free(full);
        free(got);
    }
    assert_true(fast > 1000); /* the shortcut is exercised */
}

/* nw_url_host's own reading of a simple URL's host agrees with libcurl's,
 * on random_url's URLs; it is taken on many of them, and libcurl's parse
 * is left the rest (upper case, ports, user info, addresses, no path). */
static void test_host_shortcut(void **state)
{
    (void)state;
    unsigned long long x = 2685821657736338717ULL;
    size_t same_text = 0;
    for (int n = 0; n < 100000; n++) {
        char url[256];
        random_url(&x, url);
        char *full = nw_url_host_full(url), *got = nw_url_host(url);
        if (!full != !got || (full && strcmp(full, got)))
            fail_msg("host of %s: %s, libcurl %s", url, got ? got : "(null)", full ? full : "(null)");
        const char *h = strstr(url, "://");
        if (got && h && !strncmp(h + 3, got, strlen(got)) && h[3 + strlen(got)] == '/')
            same_text++;
        free(full);
        free(got);
    }
    assert_true(same_text > 1000);
    /* the edges of the shortcut, against libcurl */
    static const char *const edges[] = {
        "https://A.Example",
        "HTTPS://A.EXAMPLE:8443",
        "http://a.example:65535/x",
        "http://a.example:65536/x",
        "http://a.example:123456/",
        "http://a.example:/x",
        "http://a.example:0/",
        "http://a.example:80x/",
        "https://a.example?q=1",
        "https://a.example#top",
        "https://a.example/a b",
        "https://a.example/a\tb",
        "https://a.example/\x7f",
        "https://a.example/\xc3\xa9",
        "https://a-b.example/",
        "https://a..example/",
        "https://.a.example/",
        "https://a.example./",
        "https://a.1example/",
        "https://1a.example2/",
        "https://a_b.example/",
        "https://a.example\\x",
        "http://[::1]:80/",
        "https://u@a.example/",
        "https://a%2eexample/",
        "http:/a.example/",
        "http://",
        "https:///x",
        "http://a.example:080/",
        "http://a.example:00000/",
        "http://a.example:1",
        "http://-a.example/",
        "http://a-.example/",
        "http://ex/",
    };
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        char *full = nw_url_host_full(edges[i]), *got = nw_url_host(edges[i]);
        if (!full != !got || (full && strcmp(full, got)))
            fail_msg("host of %s: %s, libcurl %s", edges[i], got ? got : "(null)", full ? full : "(null)");
        free(full);
        free(got);
    }
    static const char *const cases[][2] = {
        {"https://news.example.com/a/b?x=1#f", "news.example.com"},
        {"HTTPS://News.Example.COM:8443/x", "news.example.com"},
        {"http://u:p@a.example/", "a.example"},
        {"https://a.example", "a.example"},
        {"https://127.0.0.1/x", "127.0.0.1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = nw_url_host(cases[i][0]);
        assert_non_null(got);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
    assert_null(nw_url_host(NULL));
    assert_null(nw_url_host("not a url"));
}

/* Asserts that resolve(base, ref) gives want. */
static void resolves(char *(*resolve)(const char *, const char *), const char *base, const char *ref, const char *want)
{
    char *r = resolve(base, ref);
    if (!r || strcmp(r, want))
        fail_msg("'%s' against %s: got %s, want %s", ref, base ? base : "(none)", r ? r : "(null)", want);
    free(r);
}

static void test_resolve(void **state)
{
    (void)state;
    resolves(nw_url_resolve, "http://example.com/news/feed.xml", "../a/b.html", "http://example.com/a/b.html");
    resolves(nw_url_resolve, "http://example.com/news/", "//cdn.example.org/x", "http://cdn.example.org/x");
    resolves(nw_url_resolve, NULL, "https://a.example/", "https://a.example/");
    assert_null(nw_url_resolve(NULL, "relative/only"));
    /* RFC 3986 5.4.1's examples (its "g:h" aside: a scheme we do not fetch) */
    static const char *const rfc[][2] = {
        {"g", "http://a/b/c/g"},          {"./g", "http://a/b/c/g"},          {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},             {"//g", "http://g/"},               {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},      {"#s", "http://a/b/c/d;p?q#s"},     {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},  {";x", "http://a/b/c/;x"},          {"g;x", "http://a/b/c/g;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y#s"}, {"", "http://a/b/c/d;p?q"},      {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},          {"..", "http://a/b/"},              {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},         {"../..", "http://a/"},             {"../../", "http://a/"},
        {"../../g", "http://a/g"},
    };
    for (size_t i = 0; i < sizeof rfc / sizeof *rfc; i++)
        resolves(nw_url_resolve, "http://a/b/c/d;p?q", rfc[i][0], rfc[i][1]);
    /* the base's fragment has no part in it, a '/' in it neither (the
     * routes of pages written as one script: "#/news/1"), by either path */
    resolves(nw_url_resolve, "https://ex.org/app#/news/123", "img/a.png", "https://ex.org/img/a.png");
    resolves(nw_url_resolve_full, "https://ex.org/app#/news/123", "img/a.png", "https://ex.org/img/a.png");
    resolves(nw_url_resolve_full, "https://ex.org/d/app?x=1#/a/b/", "../img/a.png", "https://ex.org/img/a.png");
    resolves(nw_url_resolve_full, "https://ex.org/app#/news/123", "", "https://ex.org/app#/news/123");
    /* a fragment alone keeps the base's path and query */
    resolves(nw_url_resolve, "http://example.com/a/b?x=1#frag", "#f", "http://example.com/a/b?x=1#f");
    /* a query alone replaces the base's query and its fragment, by either
     * path */
    resolves(nw_url_resolve, "http://example.com/a/b?x=1#frag", "?y=2", "http://example.com/a/b?y=2");
    resolves(nw_url_resolve_full, "http://example.com/a/b#frag", "?y=2", "http://example.com/a/b?y=2");
    /* spaces and controls around an address are not part of it, nor
     * tabs and line breaks inside it */
    resolves(nw_url_resolve, NULL, "  http://ex.org/ws \n ", "http://ex.org/ws");
    resolves(nw_url_resolve, "http://ex.org/dir/", "\tsub/\npage.html\r\n", "http://ex.org/dir/sub/page.html");
    resolves(nw_url_resolve, "http://ex.org/dir/", "a b", "http://ex.org/dir/a%20b");
    char *r = nw_url_host("https://News.Example.COM/x");
    assert_string_equal(r, "news.example.com");
    free(r);
}

/* nw_url_resolve's own path agrees with libcurl's wherever it is taken:
 * references made at random of the parts URLs are made of, against bases
 * of every shape (and none). */
static void test_resolve_shortcut(void **state)
{
    (void)state;
    static const char *const bases[] = {
        "http://a.example/b/c/d;p?q",
        "https://news.example.com/",
        "http://a.example/x/y.html#top",
        "https://a.example/dir/",
        "http://a.example//double/",
        "https://a.example/a%20b/c?x=%41",
        "http://a.example/?q",
        "HTTP://A.example/b/",
        "http://a.example:8080/b/c",
        "http://u@a.example/b/",
        "http://127.0.0.1/a/b",
        "https://a.example/b/../c/./d",
        "https://a.example/(x)/y,z;w=1/",
        "https://xn--bcher-kva.example/a",
        "http://a.example",
    };
    static const char *const parts[] = {
        "g",
        "./",
        "../",
        ".",
        "..",
        "/",
        "//",
        "?",
        "#",
        "?y",
        "#s",
        ";x",
        "=",
        "&",
        "a",
        "b-c",
        "d_e",
        "~f",
        "%41",
        "%2e",
        "%2E%2E",
        "%zz",
        "%",
        ":",
        "@",
        "!",
        "$",
        "'",
        "(",
        ")",
        "*",
        "+",
        ",",
        " ",
        "\xc3\xa9",
        "\\",
        "[",
        "]",
        "{",
        "}",
        "|",
        "^",
        "`",
        "\"",
        "<",
        ">",
        "http:",
        "https:",
        "HTTP:",
        "mailto:",
        "javascript:",
        "//b.example",
        "//B.example",
        "//b.example:81",
        "http://c.example",
        "https://c.example/",
        "http://c.example:443/",
        "index.html",
        "x.php",
        ".html",
        "..g",
        "g..",
        "...",
        "/./",
        "/../",
    };
    const size_t nb = sizeof bases / sizeof *bases, np = sizeof parts / sizeof *parts;
    unsigned long long x = 0x2545F4914F6CDD1DULL;
    size_t fast = 0, total = 0;
    for (int n = 0; n < 200000; n++) {
        char ref[256] = "";
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        const char *base = x % 16 == 0 ? NULL : bases[(x >> 4) % nb];
        int k = 1 + (int)(x >> 12) % 5;
        for (int i = 0; i < k; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *part = parts[x % np];
            if (strlen(ref) + strlen(part) < sizeof ref)
                strcat(ref, part);
        }
        char *full = nw_url_resolve_full(base, ref), *got = nw_url_resolve(base, ref),
             *f = nw_url_resolve_fast(base, ref);
        total++;
        if (f) {
            fast++;
            if (!full || strcmp(full, f))
                fail_msg("'%s' against %s: the shortcut gives %s, libcurl %s", ref, base ? base : "(none)", f,
                         full ? full : "(null)");
        }
        if (full || got)
            if (!full || !got || strcmp(full, got))
                fail_msg("'%s' against %s: %s, libcurl %s", ref, base ? base : "(none)", got ? got : "(null)",
                         full ? full : "(null)");
        free(full);
        free(got);
        free(f);
    }
    print_message("shortcut taken for %zu of %zu\n", fast, total);
    assert_true(fast > total / 10); /* the shortcut is exercised */
}

static void host_key_is(const char *url, const char *want, int want_port)
{
    char key[256];
    int port = -1;
    nw_url_host_key(url, key, sizeof key, &port);
    if (strcmp(key, want) || port != want_port)
        fail_msg("%s: key %s:%d, want %s:%d", url, key, port, want, want_port);
}

/* The key of politeness and fairness is the host the request goes to, in
 * one spelling: the host libcurl reads, lower-cased, without trailing dots */
static void test_host_key(void **state)
{
    (void)state;
    host_key_is("https://News.Example.COM/a", "news.example.com", 443);
    host_key_is("http://user:pw@example.com:8080/x", "example.com", 8080);
    host_key_is("http://[::1]:81/", "[::1]", 81);
    host_key_is("https://9to5mac.com/", "9to5mac.com", 443);
    /* spellings of one host */
    host_key_is("https://Ex%41mple.com/", "example.com", 443);
    host_key_is("https://example.com./x", "example.com", 443);
    host_key_is("https://example.com../x", "example.com", 443);
    host_key_is("http://0x7f000001/", "127.0.0.1", 80);
    host_key_is("http://127.1:8080/", "127.0.0.1", 8080);
    host_key_is("https:///example.com/x", "example.com", 443);
    /* on URLs made at random */
    unsigned long long x = 0x6A09E667F3BCC909ULL;
    for (int n = 0; n < 20000; n++) {
        char url[256], key[256];
        random_url(&x, url);
        char *full = nw_url_host_full(url);
        if (full && nw_url_is_http(url)) {
            size_t hl = strlen(full);
            while (hl > 1 && full[hl - 1] == '.')
                full[--hl] = '\0';
            nw_url_host_key(url, key, sizeof key, NULL);
            if (strcmp(key, full))
                fail_msg("%s: key %s, libcurl %s", url, key, full);
        }
        free(full);
    }
}

static void test_private(void **state)
{
    (void)state;
    const char *priv[] = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                          "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "localhost"};
    const char *pub[] = {"8.8.8.8", "172.32.0.1", "1.1.1.1", "2001:4860:4860::8888", "example.com"};
    for (size_t i = 0; i < sizeof priv / sizeof *priv; i++)
        assert_true(nw_host_is_private_literal(priv[i]));
    for (size_t i = 0; i < sizeof pub / sizeof *pub; i++)
        assert_false(nw_host_is_private_literal(pub[i]));
}

static void test_tracking(void **state)
{
    (void)state;
    assert_true(nw_url_is_tracking_param("utm_term", 8));
    assert_true(nw_url_is_tracking_param("fbclid", 6));
    assert_false(nw_url_is_tracking_param("id", 2));
    assert_false(nw_url_is_tracking_param("page", 4));
    assert_true(nw_url_is_tracking_param("WT_MC", 5));
}

/* A password in a URL is taken out, decoded; the user name stays. */
static void test_take_password(void **state)
{
    (void)state;
    char *user = NULL, *pw = NULL;
    char *bare = nw_url_take_password("https://ann:s%40cret@feeds.example:8443/p.xml?k=1#f", &user, &pw);
    assert_string_equal(bare, "https://ann@feeds.example:8443/p.xml?k=1#f");
    assert_string_equal(user, "ann");
    assert_string_equal(pw, "s@cret");
    free(bare);
    free(user);
    free(pw);
    /* an empty password is one too */
    bare = nw_url_take_password("http://bob:@h.example/f", &user, &pw);
    assert_string_equal(bare, "http://bob@h.example/f");
    assert_string_equal(pw, "");
    free(bare);
    free(user);
    free(pw);
    /* none: NULL, and the outputs untouched */
    user = pw = NULL;
    assert_null(nw_url_take_password("http://bob@h.example/f", &user, &pw));
    assert_null(nw_url_take_password("http://h.example/a@b:c", &user, &pw)); /* '@' in the path */
    assert_null(nw_url_take_password("http://h.example/f?u=a:b@c", &user, &pw));
    assert_null(nw_url_take_password("not a url", &user, &pw));
    assert_null(user);
    assert_null(pw);
}

static void test_same_origin(void **state)
{
    (void)state;
    assert_true(nw_url_same_origin("http://u@h.example/a.xml", "http://h.example:80/b"));
    assert_true(nw_url_same_origin("https://H.example/a", "https://h.example:443/"));
    assert_false(nw_url_same_origin("http://h.example/a", "https://h.example/a"));
    assert_false(nw_url_same_origin("http://h.example/a", "http://h.example:8080/a"));
    assert_false(nw_url_same_origin("http://h.example/a", "http://cdn.h.example/a"));
    assert_false(nw_url_same_origin("http://h.example/a", NULL));
}

static void check_target(const char *url, const char *want)
{
    char *got = nw_url_redirect_target(url);
    if (want ? !got || strcmp(got, want) : got != NULL)
        fail_msg("%s: %s, want %s", url, got ? got : "(none)", want ? want : "(none)");
    free(got);
}

/* A redirector's link (a search engine's alerts and news feeds) and the
 * story's address it holds; a link whose `url` parameter is something
 * else is its own. */
static void test_redirect_target(void **state)
{
    (void)state;
    check_target(
        "https://www.google.com/url?rct=j&sa=t&url=https://www.example.com/news/story-123&ct=ga&cd=CAIy&usg=AOvV",
        "https://www.example.com/news/story-123");
    check_target("http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=12BE&url=https%3a%2f%2fwww.example.co.uk"
                 "%2fsport%2farticle-9554407%2fa.html%3fx%3d1&c=1&mkt=en-us",
                 "https://www.example.co.uk/sport/article-9554407/a.html?x=1");
    check_target("https://r.example.net/out?URL=http%3A%2F%2Fnews.example.org%2Fa#frag", "http://news.example.org/a");
    /* the same site's, relative, another scheme, words, no parameter */
    check_target("https://www.example.com/share?url=https://example.com/a", NULL);
    check_target("https://www.example.com/login?url=/account", NULL);
    check_target("https://www.example.com/go?url=ftp://files.example.org/a", NULL);
    check_target("https://www.example.com/go?url=https%3A%2F%2Fa.example.org%2Fa%20b", NULL);
    check_target("https://www.example.com/a?curl=https://b.example.org/", NULL);
    check_target("https://www.example.com/a?url=", NULL);
    check_target("https://www.example.com/a", NULL);
    check_target("not a url?url=https://b.example.org/", NULL);
}

/* One site: a host and the names under its registrable domain, as the
 * public suffix list draws them. */
static void test_same_site(void **state)
{
    (void)state;
    assert_true(nw_host_same_site("example.org", "example.org"));
    assert_true(nw_host_same_site("www.example.org", "example.org"));
    assert_true(nw_host_same_site("edition.example.com", "www.example.com"));
    assert_true(nw_host_same_site("news.bbc.co.uk", "www.bbc.co.uk"));
    assert_true(nw_host_same_site("writer.substack.com", "substack.com"));
    assert_true(nw_host_same_site("127.0.0.1", "127.0.0.1"));
    assert_true(nw_host_same_site("localhost", "localhost"));
    /* a suffix under which anyone registers is no site */
    assert_false(nw_host_same_site("bbc.co.uk", "itv.co.uk"));
    assert_false(nw_host_same_site("alice.github.io", "bob.github.io"));
    assert_false(nw_host_same_site("co.uk", "bbc.co.uk"));
    /* a name that merely ends alike, or shares letters */
    assert_false(nw_host_same_site("apnews.com", "foxnews.com"));
    assert_false(nw_host_same_site("paths", "www.skills.google"));
    assert_false(nw_host_same_site("evil.com", "news.example.com"));
    /* addresses are their own site only */
    assert_false(nw_host_same_site("10.0.0.1", "127.0.0.1"));
    assert_false(nw_host_same_site("[::1]", "localhost"));
    assert_false(nw_host_same_site("example.org", ""));
    assert_false(nw_host_same_site(NULL, "example.org"));
}

/* What the guard can tell from a URL's host when a proxy resolves it. */
static void test_names_private_host(void **state)
{
    (void)state;
    static const char *const priv[] = {"http://127.0.0.1/", "http://10.2.3.4:8080/a", "http://localhost/",
                                       "http://[::1]/",     "http://intranet/x",      "http://wiki.corp.lan/",
                                       "http://nas.local/", "http://a.internal./",    "http://x.home.arpa/"};
    for (size_t i = 0; i < sizeof priv / sizeof *priv; i++)
        if (!nw_url_names_private_host(priv[i]))
            fail_msg("%s", priv[i]);
    static const char *const pub[] = {"http://news.example/", "https://8.8.8.8/", "http://[2001:db8::1]/",
                                      "http://local.example.com/"};
    for (size_t i = 0; i < sizeof pub / sizeof *pub; i++)
        if (nw_url_names_private_host(pub[i]))
            fail_msg("%s", pub[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_canonical),
                                       cmocka_unit_test(test_canonical_shortcut),
                                       cmocka_unit_test(test_resolve),
                                       cmocka_unit_test(test_resolve_shortcut),
                                       cmocka_unit_test(test_take_password),
                                       cmocka_unit_test(test_same_origin),
                                       cmocka_unit_test(test_same_site),
                                       cmocka_unit_test(test_redirect_target),
                                       cmocka_unit_test(test_names_private_host),
                                       cmocka_unit_test(test_private),
                                       cmocka_unit_test(test_tracking),
                                       cmocka_unit_test(test_host_shortcut),
                                       cmocka_unit_test(test_host_key)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
