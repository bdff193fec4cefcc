#include "noun.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

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

void nw_strv_push(struct nw_strv *v, const char *s)
{
    v->v = nw_realloc(v->v, (v->n + 1) * sizeof *v->v);
    v->v[v->n++] = nw_strdup(s);
}

bool nw_strv_has(const struct nw_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->v[i], s))
            return true;
    return false;
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
        case NW_F_STRV: {
            struct nw_strv *v = p;
            for (size_t j = 0; j < v->n; j++)
                free(v->v[j]);
            free(v->v);
            break;
        }
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

static void value_to_json(const struct nw_field *f, const void *p, struct nw_buf *out, int flags)
{
    char num[32];
    switch (f->type) {
    case NW_F_STR: put_str(out, *(char *const *)p); break;
    case NW_F_I64:
        snprintf(num, sizeof num, "%" PRId64, *(const int64_t *)p);
        nw_buf_puts(out, num);
        break;
    case NW_F_U64:
    case NW_F_REF:
        if (f->type == NW_F_REF && !*(const uint64_t *)p) {
            nw_buf_puts(out, "null");
            break;
        }
        snprintf(num, sizeof num, "%" PRIu64, *(const uint64_t *)p);
        nw_buf_puts(out, num);
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
            snprintf(num, sizeof num, "%s%" PRIu64, i ? "," : "", v->v[i]);
            nw_buf_puts(out, num);
        }
        nw_buf_putc(out, ']');
        break;
    }
    case NW_F_NOUN: nw_noun_to_json(f->sub, p, out, flags); break;
    case NW_F_NOUNV: {
        const struct nw_vec *v = p;
        nw_buf_putc(out, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                nw_buf_putc(out, ',');
            nw_noun_to_json(f->sub, (const char *)v->v + i * f->sub->size, out, flags);
        }
        nw_buf_putc(out, ']');
        break;
    }
    }
}

void nw_noun_to_json(const struct nw_noun *n, const void *obj, struct nw_buf *out, int flags)
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

static int json_fill(const struct nw_noun *n, void *obj, yajl_val o, int depth, struct nw_err *err);

static int str_from(yajl_val v, char **dst)
{
    if (YAJL_IS_NULL(v)) {
        *dst = NULL;
        return 0;
    }
    if (!YAJL_IS_STRING(v))
        return -1;
    const char *s = YAJL_GET_STRING(v);
    size_t len = strlen(s);
    if (nw_utf8_valid_len(s, len) != len)
        return -1;
    *dst = nw_strdup(s);
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int value_from_json(const struct nw_field *f, void *p, yajl_val v, int depth, struct nw_err *err)
{
    switch (f->type) {
    case NW_F_STR: return str_from(v, p);
    case NW_F_I64:
        if (!YAJL_IS_INTEGER(v))
            return -1;
        *(int64_t *)p = YAJL_GET_INTEGER(v);
        return 0;
    case NW_F_U64:
    case NW_F_REF:
        if (f->type == NW_F_REF && YAJL_IS_NULL(v))
            return 0;
        if (!YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < 0)
            return -1;
        *(uint64_t *)p = (uint64_t)YAJL_GET_INTEGER(v);
        return 0;
    case NW_F_BOOL:
        if (!YAJL_IS_TRUE(v) && !YAJL_IS_FALSE(v))
            return -1;
        *(bool *)p = YAJL_IS_TRUE(v);
        return 0;
    case NW_F_KIND:
        if (YAJL_IS_NULL(v))
            return 0;
        if (!YAJL_IS_STRING(v))
            return -1;
        const char *name = YAJL_GET_STRING(v);
        for (int i = 1; name && f->names[i]; i++)
            if (!strcmp(f->names[i], name)) {
                *(int *)p = i;
                return 0;
            }
        return -1;
    case NW_F_TIME: {
        if (YAJL_IS_NULL(v))
            return 0;
        if (!YAJL_IS_STRING(v))
            return -1;
        int y, mo, d, h, mi, s;
        char z;
        if (sscanf(YAJL_GET_STRING(v), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z')
            return -1;
        *(int64_t *)p = nw_timegm(y, mo, d, h, mi, s);
        return 0;
    }
    case NW_F_ID: {
        if (YAJL_IS_NULL(v))
            return 0;
        if (!YAJL_IS_STRING(v))
            return -1;
        const char *s = YAJL_GET_STRING(v);
        if (strlen(s) != 32)
            return -1;
        unsigned char *id = p;
        for (int i = 0; i < 16; i++) {
            int a = hexval(s[2 * i]), b = hexval(s[2 * i + 1]);
            if (a < 0 || b < 0)
                return -1;
            id[i] = (unsigned char)(a << 4 | b);
        }
        return 0;
    }
    case NW_F_STRV: {
        if (!YAJL_IS_ARRAY(v))
            return -1;
        struct nw_strv *sv = p;
        for (size_t i = 0; i < v->u.array.len; i++) {
            char *s = NULL;
            if (str_from(v->u.array.values[i], &s) < 0 || !s)
                return -1;
            sv->v = nw_realloc(sv->v, (sv->n + 1) * sizeof *sv->v);
            sv->v[sv->n++] = s;
        }
        return 0;
    }
    case NW_F_U64V: {
        if (!YAJL_IS_ARRAY(v))
            return -1;
        struct nw_u64v *uv = p;
        for (size_t i = 0; i < v->u.array.len; i++) {
            yajl_val e = v->u.array.values[i];
            if (!YAJL_IS_INTEGER(e) || YAJL_GET_INTEGER(e) < 0)
                return -1;
            nw_u64v_push(uv, (uint64_t)YAJL_GET_INTEGER(e));
        }
        return 0;
    }
    case NW_F_NOUN:
        if (!YAJL_IS_OBJECT(v))
            return -1;
        return json_fill(f->sub, p, v, depth + 1, err);
    case NW_F_NOUNV: {
        if (!YAJL_IS_ARRAY(v))
            return -1;
        struct nw_vec *nv = p;
        for (size_t i = 0; i < v->u.array.len; i++) {
            yajl_val e = v->u.array.values[i];
            void *elem = nw_vec_push(nv, f->sub->size);
            if (!YAJL_IS_OBJECT(e) || json_fill(f->sub, elem, e, depth + 1, err) < 0)
                return -1;
        }
        return 0;
    }
    }
    return -1;
}

static int json_fill(const struct nw_noun *n, void *obj, yajl_val o, int depth, struct nw_err *err)
{
    if (depth > 8) {
        nw_err_set(err, 1, "%s: nested too deep", n->name);
        return -1;
    }
    for (size_t i = 0; i < o->u.object.len; i++) {
        const char *key = o->u.object.keys[i];
        for (size_t j = 0; j < n->nfields; j++) {
            const struct nw_field *f = &n->fields[j];
            if (strcmp(f->name, key))
                continue;
            if (value_from_json(f, AT(obj, f), o->u.object.values[i], depth, err) < 0) {
                if (!err || !err->msg[0])
                    nw_err_set(err, 1, "%s: bad value for \"%s\"", n->name, key);
                return -1;
            }
            break;
        }
    }
    return 0;
}

int nw_noun_from_json(const struct nw_noun *n, void *obj, const char *text, size_t len, struct nw_err *err)
{
    memset(obj, 0, n->size);
    if (err)
        err->msg[0] = '\0';
    char *copy = nw_malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    char ebuf[128];
    yajl_val root = memchr(text, '\0', len) ? NULL : yajl_tree_parse(copy, ebuf, sizeof ebuf);
    free(copy);
    int rc = -1;
    if (!root || !YAJL_IS_OBJECT(root))
        nw_err_set(err, 1, "%s: not a JSON object", n->name);
    else
        rc = json_fill(n, obj, root, 0, err);
    yajl_tree_free(root);
    if (rc < 0)
        nw_noun_cleanup(n, obj);
    return rc;
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

static int unpack_into(const struct nw_noun *n, void *obj, struct rd *r, int depth)
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
            if (get_str(r, p) < 0)
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
            if (unpack_into(f->sub, p, r, depth + 1) < 0)
                return -1;
            break;
        case NW_F_NOUNV: {
            struct nw_vec *nv = p;
            if (get_varint(r, &cnt) < 0 || cnt > (uint64_t)(r->end - r->p))
                return -1;
            for (uint64_t j = 0; j < cnt; j++) {
                void *e = nw_vec_push(nv, f->sub->size);
                if (unpack_into(f->sub, e, r, depth + 1) < 0)
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
    memset(obj, 0, n->size);
    struct rd r = {data, (const unsigned char *)data + len};
    if (unpack_into(n, obj, &r, 0) < 0) {
        nw_noun_cleanup(n, obj);
        return -1;
    }
    return 0;
}
