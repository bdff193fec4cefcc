#include "robots.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "../common/mem.h"

struct rule {
    char *path;
    bool allow;
};

struct robots {
    struct rule *rules;
    size_t n;
    int64_t delay_ms;
};

/* A group being read: whether it names our agent, and its rules. */
struct group {
    bool ours, star;
    struct rule *rules;
    size_t n;
    int64_t delay_ms;
};


static void add_rule(struct group *g, const char *path, bool allow)
{
    g->rules = nw_realloc(g->rules, (g->n + 1) * sizeof *g->rules);
    g->rules[g->n++] = (struct rule){.path = nw_strdup(path), .allow = allow};
}

static void group_free(struct group *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->rules[i].path);
    free(g->rules);
    memset(g, 0, sizeof *g);
}

struct robots *robots_parse(const char *text, size_t len, const char *agent)
{
    struct robots *r = nw_calloc(1, sizeof *r);
    struct group mine = {0}, star = {0}, cur = {0};
    bool in_agents = false, have_mine = false;
    char *copy = nw_malloc(len + 1);
    memcpy(copy, text ? text : "", len);
    copy[len] = '\0';
    char *save = NULL;
    for (char *line = strtok_r(copy, "\r\n", &save);; line = strtok_r(NULL, "\r\n", &save)) {
        bool end = line == NULL;
        char *key = NULL, *val = NULL;
        if (!end) {
            char *hash = strchr(line, '#');
            if (hash)
                *hash = '\0';
            char *colon = strchr(line, ':');
            if (!colon)
                continue;
            *colon = '\0';
            key = nw_trim(line);
            val = nw_trim(colon + 1);
        }
        bool is_agent = key && !strcasecmp(key, "user-agent");
        if (end || (is_agent && !in_agents)) {
            /* a group ends: keep it when it is ours (or "*") */
            if (cur.ours && !have_mine) {
                mine = cur;
                have_mine = true;
            } else if (cur.star && !star.star) {
                star = cur;
            } else {
                group_free(&cur);
            }
            memset(&cur, 0, sizeof cur);
            if (end)
                break;
        }
        if (is_agent) {
            in_agents = true;
            if (!strcmp(val, "*"))
                cur.star = true;
            else if (*val && agent && strncasecmp(val, agent, strlen(val)) == 0)
                cur.ours = true;
            continue;
        }
        in_agents = false;
        if (!strcasecmp(key, "disallow")) {
            if (*val) /* an empty Disallow allows everything */
                add_rule(&cur, val, false);
        } else if (!strcasecmp(key, "allow")) {
            if (*val)
                add_rule(&cur, val, true);
        } else if (!strcasecmp(key, "crawl-delay")) {
            double d = strtod(val, NULL);
            if (d > 0)
                cur.delay_ms = (int64_t)((d < 60 ? d : 60) * 1000);
        }
    }
    free(copy);
    struct group *use = have_mine ? &mine : &star;
    r->rules = use->rules;
    r->n = use->n;
    r->delay_ms = use->delay_ms;
    if (use == &mine)
        group_free(&star);
    else
        group_free(&mine);
    return r;
}

/* Whether a pattern (with * for any run, and $ at its end for the end
 * of the path) matches the start of path. In at most length(pattern) x
 * length(path) steps: at a mismatch only the last * takes one more
 * byte, since what an earlier * could take the last one can too (trying
 * every way for every *, which a rule of ten "*a" and a "b" asks for,
 * took minutes for one path of 40 bytes, and the fetcher with it). */
static bool pmatch(const char *p, const char *s)
{
    size_t pl = strlen(p), i = 0, j = 0, mark = 0, star = SIZE_MAX;
    bool anchored = pl && p[pl - 1] == '$';
    pl -= anchored;
    for (;;) {
        if (j == pl && (!anchored || !s[i]))
            return true; /* the pattern's end: the rest of the path is any */
        if (j < pl && p[j] == '*') {
            star = j++;
            mark = i;
        } else if (s[i] && j < pl && p[j] == s[i]) {
            i++;
            j++;
        } else if (star != SIZE_MAX && s[mark]) {
            j = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
}

bool robots_allowed(const struct robots *r, const char *path)
{
    if (!r || !path)
        return true;
    long best = -1;
    bool allow = true;
    for (size_t i = 0; i < r->n; i++) {
        if (!pmatch(r->rules[i].path, path))
            continue;
        long m = (long)strlen(r->rules[i].path); /* the longest rule wins, Allow on a tie */
        if (m > best || (m == best && r->rules[i].allow)) {
            best = m;
            allow = r->rules[i].allow;
        }
    }
    return allow;
}

int64_t robots_crawl_delay_ms(const struct robots *r) { return r ? r->delay_ms : 0; }

void robots_free(struct robots *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->rules[i].path);
    free(r->rules);
    free(r);
}
