/* The fetch floor of scripts/bench fetch: a plain libcurl multi loop over
 * a list of URLs, with the same concurrency and per-host limits as the
 * daemon, keeping nothing but the byte count and each response's ETag.
 *
 *   curl_loop URLS CONCURRENCY PER_HOST ETAGS [conditional]
 *
 * Without `conditional` it fetches every URL and writes "url<TAB>etag"
 * lines to ETAGS; with it, it reads ETAGS and sends If-None-Match (a
 * round of 304s). Prints "fetched ok not_modified bytes wall_s cpu_s". */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

struct xfer {
    CURL *e;
    struct curl_slist *hdr;
    char *url;
    char etag[256];
    size_t bytes;
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
    (void)p;
    ((struct xfer *)arg)->bytes += size * n;
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
    struct xfer *x = arg;
    size_t len = size * n;
    if (len > 5 && !strncasecmp(p, "ETag:", 5)) {
        const char *v = p + 5;
        while (*v == ' ')
            v++;
        size_t vl = (size_t)(p + len - v);
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
            vl--;
        if (vl < sizeof x->etag) {
            memcpy(x->etag, v, vl);
            x->etag[vl] = '\0';
        }
    }
    return len;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: curl_loop URLS CONCURRENCY PER_HOST ETAGS [conditional]\n");
        return 2;
    }
    int conc = atoi(argv[2]), per_host = atoi(argv[3]);
    int conditional = argc > 5 && !strcmp(argv[5], "conditional");
    FILE *f = fopen(conditional ? argv[4] : argv[1], "r");
    if (!f) {
        perror("curl_loop");
        return 1;
    }
    size_t n = 0, cap = 0;
    struct xfer *xs = NULL;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            xs = realloc(xs, cap * sizeof *xs);
        }
        memset(&xs[n], 0, sizeof xs[n]);
        char *tab = strchr(line, '\t');
        if (tab) {
            *tab = '\0';
            snprintf(xs[n].etag, sizeof xs[n].etag, "%s", tab + 1);
        }
        xs[n].url = strdup(line);
        n++;
    }
    fclose(f);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)conc);
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)per_host);
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)conc);
    double t0 = now_s();
    size_t next = 0, active = 0, ok = 0, nm = 0, bytes = 0;
    for (;;) {
        while (active < (size_t)conc * 2 && next < n) { /* a few queued beyond the connections */
            struct xfer *x = &xs[next++];
            x->e = curl_easy_init();
            curl_easy_setopt(x->e, CURLOPT_URL, x->url);
            curl_easy_setopt(x->e, CURLOPT_PRIVATE, x);
            curl_easy_setopt(x->e, CURLOPT_WRITEFUNCTION, on_body);
            curl_easy_setopt(x->e, CURLOPT_WRITEDATA, x);
            curl_easy_setopt(x->e, CURLOPT_HEADERFUNCTION, on_header);
            curl_easy_setopt(x->e, CURLOPT_HEADERDATA, x);
            curl_easy_setopt(x->e, CURLOPT_ACCEPT_ENCODING, "");
            curl_easy_setopt(x->e, CURLOPT_NOSIGNAL, 1L);
            if (conditional && x->etag[0]) {
                char h[300];
                snprintf(h, sizeof h, "If-None-Match: %s", x->etag);
                x->hdr = curl_slist_append(NULL, h);
                curl_easy_setopt(x->e, CURLOPT_HTTPHEADER, x->hdr);
            }
            x->etag[0] = '\0';
            curl_multi_add_handle(m, x->e);
            active++;
        }
        if (!active)
            break;
        int running;
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            struct xfer *x;
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            ok += msg->data.result == CURLE_OK && status == 200;
            nm += status == 304;
            bytes += x->bytes;
            curl_multi_remove_handle(m, x->e);
            curl_easy_cleanup(x->e);
            curl_slist_free_all(x->hdr);
            x->e = NULL;
            active--;
        }
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double wall = now_s() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                 (double)ru.ru_stime.tv_usec / 1e6;
    if (!conditional) {
        FILE *e = fopen(argv[4], "w");
        for (size_t i = 0; e && i < n; i++)
            fprintf(e, "%s\t%s\n", xs[i].url, xs[i].etag);
        if (e)
            fclose(e);
    }
    printf("%zu %zu %zu %zu %.4f %.4f\n", n, ok, nm, bytes, wall, cpu);
    for (size_t i = 0; i < n; i++)
        free(xs[i].url);
    free(xs);
    curl_multi_cleanup(m);
    curl_global_cleanup();
    return 0;
}
