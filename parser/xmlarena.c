/* libxml2's memory for one page at a time (xmlarena.h). */
#include "xmlarena.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
/* unreadable bytes after each block, besides the next block's header */
#define REDZONE 16
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#define REDZONE 0
#endif

/* A block is its size (in the 16 bytes before it, so that blocks stay
 * 16-byte aligned), then its bytes rounded up to 16. */
#define HEAD 16
#define ROUND16(n) (((n) + 15) & ~(size_t)15)
/* The first chunk; each further one twice the last, up to CHUNK_MAX (a
 * block larger than that gets a chunk of its size). A page of the corpora
 * takes 0.2 to 20 MiB of tree. */
#define CHUNK_MIN ((size_t)256 << 10)
#define CHUNK_MAX ((size_t)16 << 20)
/* the chunks kept for the next page, while they hold no more than this
 * (a new chunk's pages cost a fault each the first time they are used) */
#define KEEP_MAX ((size_t)8 << 20)

struct chunk {
    struct chunk *next;     /* the next one made */
    size_t cap, used, last; /* last: offset of the newest block, or SIZE_MAX */
    _Alignas(16) unsigned char data[];
};

struct arena {
    struct chunk *first, *cur; /* cur: the one blocks come from */
    bool on;
};

static _Thread_local struct arena arena;
static bool installed;
static pthread_key_t exit_key;

static void free_chunks(struct chunk *c)
{
    while (c) {
        struct chunk *next = c->next;
        UNPOISON(c->data, c->cap);
        free(c);
        c = next;
    }
}

/* a thread's chunks go when it ends */
static void thread_gone(void *a)
{
    struct arena *ar = a;
    free_chunks(ar->first);
    ar->first = ar->cur = NULL;
}

/* the main thread's, when the process ends */
static void process_gone(void)
{
    thread_gone(&arena);
}

static bool owns(const void *p)
{
    for (const struct chunk *c = arena.first; c; c = c->next)
        if ((const unsigned char *)p >= c->data && (const unsigned char *)p < c->data + c->cap)
            return true;
    return false;
}

static size_t block_size(const unsigned char *b)
{
    size_t n;
    UNPOISON(b - HEAD, sizeof n);
    memcpy(&n, b - HEAD, sizeof n);
    POISON(b - HEAD, sizeof n);
    return n;
}

/* A block of size bytes from chunk c, which has the room (need). */
static inline void *take(struct chunk *c, size_t size, size_t need)
{
    unsigned char *b = c->data + c->used + HEAD;
    c->last = c->used;
    c->used += need;
    UNPOISON(b - HEAD, sizeof size);
    memcpy(b - HEAD, &size, sizeof size);
    POISON(b - HEAD, sizeof size);
    UNPOISON(b, size);
    return b;
}

static void *arena_alloc(size_t size)
{
    if (size > SIZE_MAX / 4)
        return NULL; /* as malloc would: `need` must not wrap */
    size_t need = HEAD + ROUND16(size ? size : 1) + REDZONE;
    struct chunk *c = arena.cur;
    /* on to the next chunk kept from an earlier page, else a new one */
    while (c && c->cap - c->used < need && c->next) {
        c = c->next;
        c->used = 0;
        c->last = SIZE_MAX;
    }
    if (!c || c->cap - c->used < need) {
        size_t cap = c ? c->cap * 2 : CHUNK_MIN;
        if (cap > CHUNK_MAX)
            cap = CHUNK_MAX;
        if (cap < need)
            cap = need;
        struct chunk *n = malloc(sizeof *n + cap);
        if (!n)
            return NULL;
        n->cap = cap;
        n->used = 0;
        n->last = SIZE_MAX;
        n->next = NULL;
        POISON(n->data, cap);
        if (c)
            c->next = n;
        else
            arena.first = n;
        c = n;
        pthread_setspecific(exit_key, &arena);
    }
    arena.cur = c;
    return take(c, size, need);
}

static void *xa_malloc(size_t size)
{
    if (!arena.on)
        return malloc(size);
    /* the common case first: room in the current chunk (a size below
     * 2^40 cannot make `need` wrap; arena_alloc checks the others) */
    struct chunk *c = arena.cur;
    size_t need = HEAD + ROUND16(size ? size : 1) + REDZONE;
    if (c && size < ((size_t)1 << 40) && c->cap - c->used >= need)
        return take(c, size, need);
    return arena_alloc(size);
}

static void xa_free(void *p)
{
    if (p && !owns(p))
        free(p);
}

static void *xa_realloc(void *p, size_t size)
{
    if (!p)
        return xa_malloc(size);
    if (!owns(p))
        return realloc(p, size);
    unsigned char *b = p;
    size_t old = block_size(b);
    struct chunk *c = arena.cur;
    /* the newest block grows where it is when its chunk has room */
    if (arena.on && c && c->last != SIZE_MAX && b == c->data + c->last + HEAD && size <= SIZE_MAX / 4) {
        size_t end = c->last + HEAD + ROUND16(size ? size : 1) + REDZONE;
        if (end <= c->cap) {
            c->used = end;
            UNPOISON(b - HEAD, sizeof size);
            memcpy(b - HEAD, &size, sizeof size);
            POISON(b - HEAD, sizeof size);
            POISON(b, ROUND16(old > size ? old : size) + REDZONE);
            UNPOISON(b, size);
            return b;
        }
    }
    void *n = xa_malloc(size);
    if (n)
        memcpy(n, p, old < size ? old : size);
    return n;
}

static char *xa_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xa_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int xml_arena_install(void)
{
    if (installed)
        return 0;
    if (pthread_key_create(&exit_key, thread_gone) != 0)
        return -1;
    if (xmlMemSetup(xa_free, xa_malloc, xa_realloc, xa_strdup) != 0)
        return -1;
    /* libxml2's globals are made on its first use: not in an arena */
    xmlInitParser();
    atexit(process_gone);
    installed = true;
    return 0;
}

bool xml_arena_begin(void)
{
    if (!installed || arena.on)
        return false;
    /* this thread's libxml2 state (its last error, its handlers) is
     * made on its first use: not in the arena */
    (void)xmlGetLastError();
    arena.on = true;
    return true;
}

void xml_arena_end(void)
{
    if (!arena.on)
        return;
    /* its strings are the arena's */
    xmlResetLastError();
    arena.on = false;
    /* the chunks stay for the next page, as many as KEEP_MAX holds */
    size_t kept = 0;
    struct chunk **at = &arena.first;
    while (*at && kept + (*at)->cap <= KEEP_MAX) {
        struct chunk *c = *at;
        kept += c->cap;
        POISON(c->data, c->cap);
        c->used = 0;
        c->last = SIZE_MAX;
        at = &c->next;
    }
    free_chunks(*at);
    *at = NULL;
    arena.cur = arena.first;
}

void xml_arena_free_doc(struct _xmlDoc *doc)
{
    if (doc && !(arena.on && owns(doc)))
        xmlFreeDoc(doc);
}

void xml_arena_free_node(struct _xmlNode *node)
{
    if (node && !(arena.on && owns(node)))
        xmlFreeNode(node);
}
