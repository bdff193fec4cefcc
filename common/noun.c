#include "noun.h"

#include <ctype.h>

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonwalk.h"
#include "jsonx.h"
#include "mem.h"
#include "nwtime.h"

#define AT(obj, f) ((char *)(obj) + (f)->off)
#define CAT(obj, f) ((const char *)(obj) + (f)->off)

void nw_str_set(char **dst, const char *s)
{
    free(*dst);
    *dst = s ? nw_strdup(s) : NULL;
}

bool nw_str_same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

void nw_strv_push(struct nw_strv *v, const char *s)
{
    v->v = nw_realloc(v->v, (v->n + 1) * sizeof *v->v);
    v->v[v->n++] = nw_strdup(s);
}

void nw_strv_clear(struct nw_strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    free(v->v);
    *v = (struct nw_strv){0};
}

bool nw_strv_has(const struct nw_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->v[i], s))
            return true;
    return false;
}

bool nw_strv_same(const struct nw_strv *a, const struct nw_strv *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]))
            return false;
    return true;
}

void nw_u64v_push(struct nw_u64v *v, uint64_t x)
{
    v->v = nw_realloc(v->v, (v->n + 1) * sizeof *v->v);
    v->v[v->n++] = x;
}

void *nw_vec_push(struct nw_vec *v, size_t size)
{
    v->v = nw_realloc(v->v, (v->n + 1) * size);
    void *e = (char *)v->v + v->n * size;
    memset(e, 0, size);
    v->n++;
    return e;
}

static bool id_empty(const unsigned char *id)
{
    for (int i = 0; i < 16; i++)
        if (id[i])
            return false;
    return true;
}

/* ---- cleanup and copy ---------------------------------------------------- */

void nw_noun_cleanup(const struct nw_noun *n, void *obj)
{
    if (!obj)
        return;
    for (size_t i = 0; i < n->nfields; i++) {
        const struct nw_field *f = &n->fields[i];
        void *p = AT(obj, f);
        switch (f->type) {
        case NW_F_STR: free(*(char **)p); break;
        case NW_F_STRV: nw_strv_clear(p); break;
        case NW_F_U64V: free(((struct nw_u64v *)p)->v); break;
        case NW_F_NOUN: nw_noun_cleanup(f->sub, p); break;
        case NW_F_NOUNV: {
            struct nw_vec *v = p;
            for (size_t j = 0; j < v->n; j++)
                nw_noun_cleanup(f->sub, (char *)v->v + j * f->sub->size);
            free(v->v);
            break;
        }
        default: break;
        }
    }
    memset(obj, 0, n->size);
}

void nw_noun_copy(const struct nw_noun *n, void *dst, const void *src)
{
    memcpy(dst, src, n->size);
    for (size_t i = 0; i < n->nfields; i++) {
        const struct nw_field *f = &n->fields[i];
        void *d = AT(dst, f);
        const void *s = CAT(src, f);
        switch (f->type) {
        case NW_F_STR:
            *(char **)d = *(char *const *)s ? nw_strdup(*(char *const *)s) : NULL;
            break;
        case NW_F_STRV: {
            const struct nw_strv *sv = s;
            struct nw_strv *dv = d;
            *dv = (struct nw_strv){0};
            for (size_t j = 0; j < sv->n; j++)
                nw_strv_push(dv, sv->v[j]);
            break;
        }
        case NW_F_U64V: {
            const struct nw_u64v *sv = s;
            struct nw_u64v *dv = d;
            dv->v = sv->n ? nw_malloc(sv->n * sizeof *dv->v) : NULL;
            if (sv->n)
                memcpy(dv->v, sv->v, sv->n * sizeof *dv->v);
            break;
        }
        case NW_F_NOUN: nw_noun_copy(f->sub, d, s); break;
        case NW_F_NOUNV: {
            const struct nw_vec *sv = s;
            struct nw_vec *dv = d;
            dv->v = sv->n ? nw_malloc(sv->n * f->sub->size) : NULL;
            for (size_t j = 0; j < sv->n; j++)
                nw_noun_copy(f->sub, (char *)dv->v + j * f->sub->size, (const char *)sv->v + j * f->sub->size);
            break;
        }
        default: break;
        }
    }
}

/* ---- JSON out ------------------------------------------------------------- */

static void put_str(struct nw_buf *out, const char *s)
{
    if (s)
        nw_json_put_str(out, s, strlen(s));
    else
        nw_buf_puts(out, "null");
}

static bool field_absent(const struct nw_field *f, const void *p)
{
    switch (f->type) {
    case NW_F_STR: return *(char *const *)p == NULL;
    case NW_F_REF: return *(const uint64_t *)p == 0;
    case NW_F_TIME: return *(const int64_t *)p == 0;
    case NW_F_KIND: return *(const int *)p == 0;
    case NW_F_ID: return id_empty(p);
    default: return false;
    }
}

/* A decimal number, without printf (messages carry several per job). */
static void put_u64(struct nw_buf *out, uint64_t x)
{
    nw_buf_put_u64(out, x);
}

static void put_i64(struct nw_buf *out, int64_t x)
{
    if (x < 0) {
        nw_buf_putc(out, '-');
        put_u64(out, (uint64_t)0 - (uint64_t)x);
    } else {
        put_u64(out, (uint64_t)x);
    }
}

static void object_to_json(const struct nw_noun *n, const void *obj, struct nw_buf *out, int flags);

static void value_to_json(const struct nw_field *f, const void *p, struct nw_buf *out, int flags)
{
    switch (f->type) {
    case NW_F_STR: put_str(out, *(char *const *)p); break;
    case NW_F_I64:
        put_i64(out, *(const int64_t *)p);
        break;
    case NW_F_U64:
    case NW_F_REF:
        if (f->type == NW_F_REF && !*(const uint64_t *)p) {
            nw_buf_puts(out, "null");
            break;
        }
        put_u64(out, *(const uint64_t *)p);
        break;
    case NW_F_BOOL: nw_buf_puts(out, *(const bool *)p ? "true" : "false"); break;
    case NW_F_KIND: {
        int k = *(const int *)p;
        const char *name = NULL;
        for (int i = 0; f->names[i]; i++)
            if (i == k)
                name = f->names[i];
        put_str(out, k ? name : NULL);
        break;
    }
    case NW_F_TIME: {
        int64_t t = *(const int64_t *)p;
        char tb[21];
        put_str(out, t ? nw_time_format(t, tb) : NULL);
        break;
    }
    case NW_F_ID: {
        static const char hex[] = "0123456789abcdef";
        const unsigned char *id = p;
        if (id_empty(id)) {
            nw_buf_puts(out, "null");
            break;
        }
        char h[35];
        h[0] = '"';
        for (int i = 0; i < 16; i++) {
            h[1 + 2 * i] = hex[id[i] >> 4];
            h[2 + 2 * i] = hex[id[i] & 15];
        }
        h[33] = '"';
        h[34] = 0;
        nw_buf_puts(out, h);
        break;
    }
    case NW_F_STRV: {
        const struct nw_strv *v = p;
        nw_buf_putc(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                nw_buf_putc(out, ',');
            put_str(out, v->v[i]);
        }
        nw_buf_putc(out, ']');
        break;
    }
    case NW_F_U64V: {
        const struct nw_u64v *v = p;
        nw_buf_putc(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                nw_buf_putc(out, ',');
            put_u64(out, v->v[i]);
        }
        nw_buf_putc(out, ']');
        break;
    }
    case NW_F_NOUN:
        object_to_json(f->sub, p, out, flags);
        break;
    case NW_F_NOUNV: {
        const struct nw_vec *v = p;
        nw_buf_putc(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                nw_buf_putc(out, ',');
            object_to_json(f->sub, (const char *)v->v + i * f->sub->size, out, flags);
        }
        nw_buf_putc(out, ']');
        break;
    }
    }
}

/* About the length of obj's JSON, less what escaping adds: the buffer is
 * given its room at once rather than grown (and copied) as it fills; a
 * RESULT carries the full text of each item. */
static size_t json_room(const struct nw_noun *n, const void *obj)
{
    size_t room = 2;
    for (size_t i = 0; i < n->nfields; i++) {
        const struct nw_field *f = &n->fields[i];
        const void *p = CAT(obj, f);
        room += strlen(f->name) + 4;
        switch (f->type) {
        case NW_F_STR:
            room += *(char *const *)p ? strlen(*(char *const *)p) + 2 : 4;
            break;
        case NW_F_STRV: {
            const struct nw_strv *v = p;
            for (size_t k = 0; k < v->n; k++)
                room += strlen(v->v[k]) + 3;
            break;
        }
        case NW_F_U64V:
            room += 21 * ((const struct nw_u64v *)p)->n + 2;
            break;
        case NW_F_NOUN:
            room += json_room(f->sub, p);
            break;
        case NW_F_NOUNV: {
            const struct nw_vec *v = p;
            for (size_t k = 0; k < v->n; k++)
                room += json_room(f->sub, (const char *)v->v + k * f->sub->size) + 1;
            break;
        }
        default:
            room += 34;
            break; /* a number, a time, an id, a name */
        }
    }
    return room;
}

void nw_noun_to_json(const struct nw_noun *n, const void *obj, struct nw_buf *out, int flags)
{
    nw_buf_reserve(out, json_room(n, obj));
    object_to_json(n, obj, out, flags);
}

static void object_to_json(const struct nw_noun *n, const void *obj, struct nw_buf *out, int flags)
{
    nw_buf_putc(out, '{');
    bool first = true;
    for (size_t i = 0; i < n->nfields; i++) {
        const struct nw_field *f = &n->fields[i];
        const void *p = CAT(obj, f);
        if (!(flags & NW_JSON_NULLS) && field_absent(f, p))
            continue;
        if (!first)
            nw_buf_putc(out, ',');
        first = false;
        nw_json_put_str(out, f->name, strlen(f->name));
        nw_buf_putc(out, ':');
        value_to_json(f, p, out, flags);
    }
    nw_buf_putc(out, '}');
}

/* ---- JSON in --------------------------------------------------------------- */

/* A decoder driven by the field table: the reader's events (jsonwalk.h)
 * fill the struct directly, each string copied once into its field. */

#define JSON_MAX_DEPTH 8

struct jframe {
    const struct nw_noun *noun; /* an object being filled, or NULL for an array */
    void *obj;
    const struct nw_field *f;   /* the field whose value comes next (object), or the array's field */
    void *p;                    /* the array's target */
    char key[48];               /* the current name, for error messages */
};

struct jdec {
    const struct nw_noun *root;
    void *root_obj;
    struct jframe st[2 * JSON_MAX_DEPTH + 2];
    int top;           /* frames in use */
    int skip;          /* nesting depth of a value being skipped (an unknown name) */
    bool skip_next;    /* the next value belongs to an unknown name */
    bool bad;          /* a value of the wrong type */
    bool deep;
};

enum jv { JV_NULL, JV_BOOL, JV_INT, JV_STR, JV_OTHER };

struct jval {
    enum jv t;
    bool b;
    long long i;
    const char *s;
    size_t len;
};

static char *jstr_dup(const struct jval *v)
{
    /* the reader has checked the whole text as strict UTF-8 (RFC 3629)
     * and refused lone surrogates in escapes; an escaped NUL would cut a
     * C string short */
    if (memchr(v->s, '\0', v->len))
        return NULL;
    return nw_strndup(v->s, v->len);
}

/* Stores a scalar into field f at p. Returns 0 or -1 (wrong type). */
static int put_scalar(const struct nw_field *f, void *p, const struct jval *v)
{
    switch (f->type) {
    case NW_F_STR: {
        char **dst = p;
        free(*dst);
        *dst = NULL;
        if (v->t == JV_NULL)
            return 0;
        if (v->t != JV_STR || !(*dst = jstr_dup(v)))
            return -1;
        return 0;
    }
    case NW_F_I64:
        if (v->t != JV_INT)
            return -1;
        *(int64_t *)p = v->i;
        return 0;
    case NW_F_REF:
        if (v->t == JV_NULL)
            return 0;
        /* fall through */
    case NW_F_U64:
        if (v->t != JV_INT || v->i < 0)
            return -1;
        *(uint64_t *)p = (uint64_t)v->i;
        return 0;
    case NW_F_BOOL:
        if (v->t != JV_BOOL)
            return -1;
        *(bool *)p = v->b;
        return 0;
    case NW_F_KIND:
        if (v->t == JV_NULL)
            return 0;
        if (v->t != JV_STR)
            return -1;
        for (int i = 1; f->names[i]; i++)
            if (strlen(f->names[i]) == v->len && !memcmp(f->names[i], v->s, v->len)) {
                *(int *)p = i;
                return 0;
            }
        return -1;
    case NW_F_TIME: {
        if (v->t == JV_NULL)
            return 0;
        if (v->t != JV_STR || v->len < 20 || v->len > 40)
            return -1;
        char t[48];
        memcpy(t, v->s, v->len);
        t[v->len] = '\0';
        int y, mo, d, h, mi, s;
        /* as written: digits where digits go ("-026" is no year, "-1" no
         * month), each number within its range */
        static const char layout[] = "dddd-dd-ddTdd:dd:ddZ";
        for (int i = 0; layout[i]; i++)
            if (layout[i] == 'd' ? !isdigit((unsigned char)t[i]) : t[i] != layout[i])
                return -1;
        if (sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6 || mo < 1 || mo > 12 || d < 1 ||
            d > 31 || h > 23 || mi > 59 || s > 60)
            return -1;
        *(int64_t *)p = nw_timegm(y, mo, d, h, mi, s);
        return 0;
    }
    case NW_F_ID: {
        if (v->t == JV_NULL)
            return 0;
        if (v->t != JV_STR || v->len != 32)
            return -1;
        unsigned char *id = p;
        for (int i = 0; i < 16; i++) {
            int a = nw_hex_digit(v->s[2 * i]), b = nw_hex_digit(v->s[2 * i + 1]);
            if (a < 0 || b < 0)
                return -1;
            id[i] = (unsigned char)(a << 4 | b);
        }
        return 0;
    }
    default: return -1; /* a container field given a scalar */
    }
}

/* An element of an array field. */
static int put_element(const struct nw_field *f, void *p, const struct jval *v)
{
    if (f->type == NW_F_STRV) {
        char *s;
        if (v->t != JV_STR || !(s = jstr_dup(v)))
            return -1;
        struct nw_strv *sv = p;
        sv->v = nw_realloc(sv->v, (sv->n + 1) * sizeof *sv->v);
        sv->v[sv->n++] = s;
        return 0;
    }
    if (f->type == NW_F_U64V && v->t == JV_INT && v->i >= 0) {
        nw_u64v_push(p, (uint64_t)v->i);
        return 0;
    }
    return -1;
}

static int on_value(struct jdec *d, const struct jval *v)
{
    if (d->skip)
        return 1;
    if (d->skip_next) {
        d->skip_next = false;
        return 1;
    }
    if (d->top == 0) {
        d->bad = true; /* the text is not an object */
        return 0;
    }
    struct jframe *fr = &d->st[d->top - 1];
    int rc = fr->noun ? put_scalar(fr->f, AT(fr->obj, fr->f), v) : put_element(fr->f, fr->p, v);
    if (rc < 0) {
        d->bad = true;
        return 0;
    }
    return 1;
}

static int j_null(void *ctx)
{
    struct jval v = {.t = JV_NULL};
    return on_value(ctx, &v);
}
static int j_bool(void *ctx, int b)
{
    struct jval v = {.t = JV_BOOL, .b = b != 0};
    return on_value(ctx, &v);
}
static int j_int(void *ctx, long long i)
{
    struct jval v = {.t = JV_INT, .i = i};
    return on_value(ctx, &v);
}
static int j_number(void *ctx)
{
    struct jval v = {.t = JV_OTHER};
    return on_value(ctx, &v);
}
static int j_string(void *ctx, const char *s, size_t len)
{
    struct jval v = {.t = JV_STR, .s = s, .len = len};
    return on_value(ctx, &v);
}

static int j_start_map(void *ctx)
{
    struct jdec *d = ctx;
    if (d->skip || d->skip_next) {
        d->skip_next = false;
        d->skip++;
        return 1;
    }
    const struct nw_noun *n;
    void *obj;
    if (d->top == 0) {
        n = d->root;
        obj = d->root_obj;
    } else {
        struct jframe *fr = &d->st[d->top - 1];
        if (fr->noun && fr->f->type == NW_F_NOUN) {
            n = fr->f->sub;
            obj = AT(fr->obj, fr->f);
        } else if (!fr->noun && fr->f->type == NW_F_NOUNV) {
            n = fr->f->sub;
            obj = nw_vec_push(fr->p, n->size);
        } else {
            d->bad = true;
            return 0;
        }
    }
    int objects = 0;
    for (int i = 0; i < d->top; i++)
        objects += d->st[i].noun != NULL;
    if (objects >= JSON_MAX_DEPTH || d->top >= (int)(sizeof d->st / sizeof *d->st)) {
        d->deep = true;
        return 0;
    }
    d->st[d->top++] = (struct jframe){.noun = n, .obj = obj};
    return 1;
}

static int j_map_key(void *ctx, const char *key, size_t len)
{
    struct jdec *d = ctx;
    if (d->skip)
        return 1;
    struct jframe *fr = &d->st[d->top - 1];
    fr->f = NULL;
    size_t kl = len < sizeof fr->key ? len : sizeof fr->key - 1;
    memcpy(fr->key, key, kl);
    fr->key[kl] = '\0';
    for (size_t j = 0; j < fr->noun->nfields; j++) {
        const struct nw_field *f = &fr->noun->fields[j];
        if (strlen(f->name) == len && !memcmp(f->name, key, len)) {
            fr->f = f;
            break;
        }
    }
    d->skip_next = fr->f == NULL; /* unknown names are ignored */
    return 1;
}

static int j_end(void *ctx)
{
    struct jdec *d = ctx;
    if (d->skip) {
        d->skip--;
        return 1;
    }
    d->top--;
    return 1;
}

static int j_start_array(void *ctx)
{
    struct jdec *d = ctx;
    if (d->skip || d->skip_next) {
        d->skip_next = false;
        d->skip++;
        return 1;
    }
    if (d->top == 0) {
        d->bad = true;
        return 0;
    }
    struct jframe *fr = &d->st[d->top - 1];
    if (!fr->noun || (fr->f->type != NW_F_STRV && fr->f->type != NW_F_U64V && fr->f->type != NW_F_NOUNV)) {
        d->bad = true; /* arrays hold scalars or objects, never arrays */
        return 0;
    }
    d->st[d->top++] = (struct jframe){.f = fr->f, .p = AT(fr->obj, fr->f)};
    return 1;
}

static const struct nw_json_events json_events = {
    .null = j_null,
    .boolean = j_bool,
    .integer = j_int,
    .number = j_number,
    .string = j_string,
    .start_map = j_start_map,
    .map_key = j_map_key,
    .end_map = j_end,
    .start_array = j_start_array,
    .end_array = j_end,
};

int nw_noun_from_json(const struct nw_noun *n, void *obj, const char *text, size_t len, struct nw_err *err)
{
    memset(obj, 0, n->size);
    if (err)
        err->msg[0] = '\0';
    struct jdec d = {.root = n, .root_obj = obj};
    int rc = nw_json_walk(text, len, &json_events, &d);
    if (rc == NW_JSON_OK && !d.bad && !d.deep)
        return 0;
    if (rc == NW_JSON_SYNTAX) {
        nw_err_set(err, 1, "%s: not well-formed JSON (syntax, UTF-8, or nested over 64 deep)", n->name);
    } else if (d.deep) {
        nw_err_set(err, 1, "%s: nested too deep", n->name);
    } else if (d.bad && d.top > 0) {
        struct jframe *fr = &d.st[d.top - 1];
        if (!fr->noun && d.top > 1)
            fr = &d.st[d.top - 2];
        nw_err_set(err, 1, "%s: bad value for \"%s\"", fr->noun->name, fr->key);
    } else {
        nw_err_set(err, 1, "%s: not a JSON object", n->name);
    }
    nw_noun_cleanup(n, obj);
    return -1;
}

/* ---- binary ------------------------------------------------------------------ */

void nw_put_varint(struct nw_buf *b, uint64_t v)
{
    unsigned char t[10];
    size_t n = 0;
    while (v >= 0x80) {
        t[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    t[n++] = (unsigned char)v;
    nw_buf_append(b, t, n);
}

static uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static int64_t unzigzag(uint64_t v) { return (int64_t)(v >> 1) ^ -(int64_t)(v & 1); }

static void pack_str(struct nw_buf *b, const char *s)
{
    if (!s) {
        nw_put_varint(b, 0);
        return;
    }
    size_t l = strlen(s);
    nw_put_varint(b, l + 1);
    nw_buf_append(b, s, l);
}

void nw_noun_pack(const struct nw_noun *n, const void *obj, struct nw_buf *out)
{
    for (size_t i = 0; i < n->nfields; i++) {
        const struct nw_field *f = &n->fields[i];
        const void *p = CAT(obj, f);
        switch (f->type) {
        case NW_F_STR: pack_str(out, *(char *const *)p); break;
        case NW_F_I64:
        case NW_F_TIME: nw_put_varint(out, zigzag(*(const int64_t *)p)); break;
        case NW_F_U64:
        case NW_F_REF: nw_put_varint(out, *(const uint64_t *)p); break;
        case NW_F_BOOL: nw_put_varint(out, *(const bool *)p); break;
        case NW_F_KIND: nw_put_varint(out, (uint64_t)*(const int *)p); break;
        case NW_F_ID: nw_buf_append(out, p, 16); break;
        case NW_F_STRV: {
            const struct nw_strv *v = p;
            nw_put_varint(out, v->n);
            for (size_t j = 0; j < v->n; j++)
                pack_str(out, v->v[j]);
            break;
        }
        case NW_F_U64V: {
            const struct nw_u64v *v = p;
            nw_put_varint(out, v->n);
            for (size_t j = 0; j < v->n; j++)
                nw_put_varint(out, v->v[j]);
            break;
        }
        case NW_F_NOUN: nw_noun_pack(f->sub, p, out); break;
        case NW_F_NOUNV: {
            const struct nw_vec *v = p;
            nw_put_varint(out, v->n);
            for (size_t j = 0; j < v->n; j++)
                nw_noun_pack(f->sub, (const char *)v->v + j * f->sub->size, out);
            break;
        }
        }
    }
}

struct rd {
    const unsigned char *p, *end;
};

static int get_varint(struct rd *r, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end)
            return -1;
        unsigned char c = *r->p++;
        x |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

static int get_str(struct rd *r, char **s)
{
    uint64_t l;
    if (get_varint(r, &l) < 0)
        return -1;
    if (l == 0) {
        *s = NULL;
        return 0;
    }
    l--;
    if (l > (uint64_t)(r->end - r->p))
        return -1;
    *s = nw_strndup((const char *)r->p, (size_t)l);
    r->p += l;
    return 0;
}

/* Steps over a string without keeping it. */
static int skip_str(struct rd *r)
{
    uint64_t l;
    if (get_varint(r, &l) < 0 || (l > 0 && l - 1 > (uint64_t)(r->end - r->p)))
        return -1;
    r->p += l > 0 ? l - 1 : 0;
    return 0;
}

/* skip_off: the offset of a top-level string field stepped over and left
 * NULL, or SIZE_MAX for none. */
static int unpack_into(const struct nw_noun *n, void *obj, struct rd *r, int depth, size_t skip_off)
{
    if (depth > 8)
        return -1;
    for (size_t i = 0; i < n->nfields; i++) {
        if (r->p == r->end && depth == 0)
            return 0; /* written with fewer rows: the rest stays empty */
        const struct nw_field *f = &n->fields[i];
        void *p = AT(obj, f);
        uint64_t v, cnt;
        switch (f->type) {
        case NW_F_STR:
            if (depth == 0 && f->off == skip_off ? skip_str(r) < 0 : get_str(r, p) < 0)
                return -1;
            break;
        case NW_F_I64:
        case NW_F_TIME:
            if (get_varint(r, &v) < 0)
                return -1;
            *(int64_t *)p = unzigzag(v);
            break;
        case NW_F_U64:
        case NW_F_REF:
            if (get_varint(r, &v) < 0)
                return -1;
            *(uint64_t *)p = v;
            break;
        case NW_F_BOOL:
            if (get_varint(r, &v) < 0 || v > 1)
                return -1;
            *(bool *)p = v;
            break;
        case NW_F_KIND:
            if (get_varint(r, &v) < 0 || v > 255)
                return -1;
            *(int *)p = (int)v;
            break;
        case NW_F_ID:
            if (r->end - r->p < 16)
                return -1;
            memcpy(p, r->p, 16);
            r->p += 16;
            break;
        case NW_F_STRV: {
            struct nw_strv *sv = p;
            if (get_varint(r, &cnt) < 0 || cnt > (uint64_t)(r->end - r->p))
                return -1;
            sv->v = cnt ? nw_calloc((size_t)cnt, sizeof *sv->v) : NULL;
            for (uint64_t j = 0; j < cnt; j++) {
                if (get_str(r, &sv->v[j]) < 0 || !sv->v[j])
                    return -1;
                sv->n++;
            }
            break;
        }
        case NW_F_U64V: {
            struct nw_u64v *uv = p;
            if (get_varint(r, &cnt) < 0 || cnt > (uint64_t)(r->end - r->p))
                return -1;
            uv->v = cnt ? nw_calloc((size_t)cnt, sizeof *uv->v) : NULL;
            for (uint64_t j = 0; j < cnt; j++) {
                if (get_varint(r, &uv->v[j]) < 0)
                    return -1;
                uv->n++;
            }
            break;
        }
        case NW_F_NOUN:
            if (unpack_into(f->sub, p, r, depth + 1, SIZE_MAX) < 0)
                return -1;
            break;
        case NW_F_NOUNV: {
            struct nw_vec *nv = p;
            if (get_varint(r, &cnt) < 0 || cnt > (uint64_t)(r->end - r->p))
                return -1;
            for (uint64_t j = 0; j < cnt; j++) {
                void *e = nw_vec_push(nv, f->sub->size);
                if (unpack_into(f->sub, e, r, depth + 1, SIZE_MAX) < 0)
                    return -1;
            }
            break;
        }
        }
    }
    return 0;
}

int nw_noun_unpack(const struct nw_noun *n, void *obj, const void *data, size_t len)
{
    return nw_noun_unpack_skip(n, obj, data, len, SIZE_MAX);
}

int nw_noun_unpack_skip(const struct nw_noun *n, void *obj, const void *data, size_t len, size_t skip_off)
{
    memset(obj, 0, n->size);
    struct rd r = {data, (const unsigned char *)data + len};
    if (unpack_into(n, obj, &r, 0, skip_off) < 0) {
        nw_noun_cleanup(n, obj);
        return -1;
    }
    return 0;
}
