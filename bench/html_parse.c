/* scripts/bench extract: the floor of article extraction, libxml2's HTML
 * parser alone. Reads every file named, then parses each once with
 * newswire's html_parse (htmlReadMemory with its options) on one thread and
 * prints "seconds pages" for the parsing only. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../parser/html.h"

int main(int argc, char **argv)
{
    size_t n = (size_t)(argc > 1 ? argc - 1 : 0);
    char **data = calloc(n ? n : 1, sizeof *data);
    size_t *len = calloc(n ? n : 1, sizeof *len);
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(argv[i + 1], "rb");
        if (!f) {
            perror(argv[i + 1]);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        len[i] = (size_t)ftell(f);
        fseek(f, 0, SEEK_SET);
        data[i] = malloc(len[i] + 1);
        if (fread(data[i], 1, len[i], f) != len[i]) {
            perror(argv[i + 1]);
            return 1;
        }
        fclose(f);
    }
    xmlInitParser();
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    size_t parsed = 0;
    for (size_t i = 0; i < n; i++) {
        htmlDocPtr doc = html_parse(data[i], len[i], NULL, NULL);
        if (doc) {
            parsed++;
            xmlFreeDoc(doc);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("%.3f %zu\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9, parsed);
    for (size_t i = 0; i < n; i++)
        free(data[i]);
    free(data);
    free(len);
    return 0;
}
