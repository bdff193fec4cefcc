#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <libxml/xmlmemory.h>

#include "../../../common/buf.h"
#include "../../../parser/parser.h"
#include "../../../parser/xmlarena.h"
#include "../fixture.h"

/* The documents: the metadata fixtures and the article corpus's pages,
 * and the feed cases' and real feeds' documents. */
struct page {
    char *name, *html;
    size_t len;
    bool feed;
};
static struct page pages[2048];
static size_t npages;

/* What a folder's files are: pages or feeds (gzip or not), by their
 * names' endings. */
struct kind {
    const char *const *suffixes;
    bool feed;
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), sn = strlen(suffix);
    return n > sn && !strcmp(s + n - sn, suffix);
}

static void load_file(const char *path, const char *name, void *arg)
{
    const struct kind *k = arg;
    bool known = false;
    for (const char *const *x = k->suffixes; *x; x++)
        known |= ends_with(name, *x);
    if (!known || npages == sizeof pages / sizeof *pages)
        return;
    size_t len;
    char *raw = fixture_slurp(path, &len);
    struct page *p = &pages[npages++];
    p->name = strdup(path);
    p->feed = k->feed;
    if (ends_with(name, ".gz")) {
        struct nw_buf out = {0};
        assert_int_equal(nw_buf_inflate(&out, raw, len, 15 + 16, (size_t)64 << 20), 0);
        free(raw);
        p->html = out.data;
        p->len = out.len;
    } else {
        p->html = raw;
        p->len = len;
    }
}

/* Every document's extraction or feed as one string ("error: ..." when
 * none). */
static char *extract_one(const struct page *p)
{
    struct nw_err err = {0};
    json_t *j = p->feed ? feed_parse(p->html, p->len, "https://example.org/feed.xml", NULL, &err)
                        : article_extract(p->html, p->len, "https://example.org/2020/10/09/story.html", NULL, &err);
    if (!j) {
        char *s = malloc(strlen(err.msg) + 8);
        sprintf(s, "error: %s", err.msg);
        return s;
    }
    char *s = json_dumps(j, JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

static char **extract_all(void)
{
    char **out = calloc(npages, sizeof *out);
    for (size_t i = 0; i < npages; i++)
        out[i] = extract_one(&pages[i]);
    return out;
}

static void *extract_all_thread(void *arg)
{
    (void)arg;
    return extract_all();
}

static void assert_same(char **a, char **b)
{
    for (size_t i = 0; i < npages; i++) {
        if (strcmp(a[i], b[i]))
            fail_msg("%s: %.200s\nwith the arena: %.200s", pages[i].name, a[i], b[i]);
    }
}

static void free_all(char **a)
{
    for (size_t i = 0; i < npages; i++)
        free(a[i]);
    free(a);
}

/* The pages' extraction with libxml2 on malloc: by a child process that
 * never installs the arena, one line each. */
static char **extract_plain(void)
{
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        FILE *w = fdopen(fd[1], "w");
        char **out = extract_all();
        for (size_t i = 0; i < npages; i++)
            fprintf(w, "%s\n", out[i]);
        fclose(w);
        _exit(0);
    }
    close(fd[1]);
    FILE *r = fdopen(fd[0], "r");
    char **out = calloc(npages, sizeof *out);
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t got;
    while (n < npages && (got = getline(&line, &cap, r)) > 0) {
        line[got - 1] = '\0';
        out[n++] = strdup(line);
    }
    free(line);
    fclose(r);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(n, npages);
    return out;
}

/* Pages extracted and feeds parsed with libxml2 on malloc (in a child
 * process), then on the arena (again, on chunks kept from the pages before, and on two
 * threads at once): the same output. The arena is installed here, before
 * this process uses libxml2 at all, as newswire and the fuzz target do. */
static void test_same_output(void **state)
{
    (void)state;
    static const char *const page_names[] = {".html", ".html.gz", NULL};
    static const char *const feed_names[] = {".xml", ".json", NULL};
    static const char *const case_names[] = {".xml", ".rss", ".atom", NULL};
    struct kind page_kind = {page_names, false}, feed_kind = {feed_names, true}, case_kind = {case_names, true};
    fixture_each_file(NW_FIXTURES "/meta", 0, load_file, &page_kind);
    fixture_each_file(NW_SHARED_DIR "/corpus/articles/html", 0, load_file, &page_kind);
    size_t articles = npages;
    fixture_each_file(NW_SHARED_DIR "/corpus/realfeeds", 0, load_file, &feed_kind);
    /* the feed cases: one folder each, its document input.* */
    fixture_each_file(NW_SHARED_DIR "/corpus/feeds", 1, load_file, &case_kind);
    assert_true(articles >= 30);
    assert_true(npages >= articles + 30);
    print_message("%zu pages, %zu feed documents\n", articles, npages - articles);
    char **plain = extract_plain();
    assert_false(xml_arena_begin()); /* not installed yet: nothing */
    assert_int_equal(xml_arena_install(), 0);
    char **arena = extract_all();
    assert_same(plain, arena);
    char **again = extract_all();
    assert_same(plain, again);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, extract_all_thread, NULL), 0);
    for (int i = 0; i < 2; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_same(plain, r);
        free_all(r);
    }
    free_all(plain);
    free_all(arena);
    free_all(again);
}

static void test_blocks(void **state)
{
    (void)state;
    assert_int_equal(xml_arena_install(), 0);
    char *before = xmlMalloc(32); /* malloc's, freed while the arena is on */
    strcpy(before, "before");
    assert_true(xml_arena_begin());
    assert_false(xml_arena_begin()); /* no nesting */
    char *a = xmlMalloc(10);
    memcpy(a, "abcdefghi", 10);
    /* the newest block grows in place */
    char *a2 = xmlRealloc(a, 5000);
    assert_ptr_equal(a2, a);
    assert_string_equal(a2, "abcdefghi");
    memset(a2 + 10, 'x', 4990);
    char *b = xmlMemStrdup("second");
    /* an older one moves, its bytes with it */
    char *a3 = xmlRealloc(a2, 100000);
    assert_ptr_not_equal(a3, a2);
    assert_string_equal(a3, "abcdefghi");
    assert_int_equal(a3[4999], 'x');
    assert_string_equal(b, "second");
    /* larger than any chunk, and a shrink */
    size_t big = (size_t)40 << 20;
    char *c = xmlMalloc(big);
    c[0] = 1;
    c[big - 1] = 2;
    char *c2 = xmlRealloc(c, 16);
    assert_int_equal(c2[0], 1);
    /* a size no memory holds fails as malloc's does, the block kept */
    volatile size_t huge = SIZE_MAX - 8;
    assert_null(xmlMalloc(huge));
    assert_null(xmlRealloc(c2, huge));
    assert_int_equal(c2[0], 1);
    /* 16-byte alignment, as malloc's */
    for (size_t n = 1; n < 100; n += 7)
        assert_int_equal((uintptr_t)xmlMalloc(n) % 16, 0);
    /* a malloc block stays malloc's, grown or not */
    char *before2 = xmlRealloc(before, 64);
    assert_string_equal(before2, "before");
    xmlFree(a3);
    xmlFree(b);
    xmlFree(c2);
    xmlFree(before2);
    xml_arena_end();
    xml_arena_end(); /* once is enough */
    /* after the end, malloc again */
    char *m = xmlMalloc(100);
    strcpy(m, "malloc");
    char *m2 = xmlRealloc(m, 1000);
    assert_string_equal(m2, "malloc");
    xmlFree(m2);
    /* and a second page reuses the kept chunk */
    assert_true(xml_arena_begin());
    char *d = xmlMalloc(64);
    strcpy(d, "page two");
    assert_string_equal(d, "page two");
    xml_arena_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_same_output), cmocka_unit_test(test_blocks)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
