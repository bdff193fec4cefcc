/* newswire: a streaming news-feed ingestion pipeline. */
#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
    const char *help; /* the options, explained */
};

static bool net_started;

void cli_net_init(void)
{
    if (!net_started)
        curl_global_init(CURL_GLOBAL_DEFAULT);
    net_started = true;
}

void cli_net_cleanup(void)
{
    if (net_started)
        curl_global_cleanup();
    net_started = false;
}

#define CONF_HELP "  -c, --config FILE   the configuration (else $NEWSWIRE_CONF, ./pipeline.conf,\n" \
                  "                      /etc/newswire/pipeline.conf)\n"

static const char HELP_RUN[] =
    "Runs the fetcher, parser and store in one process, in the foreground.\n"
    "SIGTERM or SIGINT drains and exits 0; SIGHUP re-reads the feed list.\n"
    "Under systemd (Type=notify) it reports READY, STATUS, WATCHDOG and STOPPING.\n\n" CONF_HELP;
static const char HELP_STAGE[] =
    "Runs one stage alone; the stages meet on the [endpoints] of the configuration\n"
    "(ipc:// or tcp:// when they are separate processes).\n\n" CONF_HELP;
static const char HELP_TAIL[] =
    "Prints stored items as JSON lines (newswire-item(5)), in commit order.\n\n" CONF_HELP
    "  -f, --follow        keep printing new items as they are committed\n"
    "      --from SEQ      start at this seq\n"
    "      --since TIME    start at the first item fetched at or after TIME (RFC 3339,\n"
    "                      or a duration ago: 90m, 2h, 1d)\n"
    "      --last N        start with the last N items\n"
    "      --group NAME    keep a cursor named NAME in the store: print what it has not seen\n"
    "      --unique        one item per near-duplicate cluster\n"
    "      --feed URL|NAME only items listed by this feed\n"
    "      --tag TAG       only items listed by a feed with this tag (any case)\n"
    "      --lang CODE     only items in this language (en, fr...)\n"
    "      --agency NAME   only items crediting this wire agency (AFP, Reuters...)\n"
    "      --access KINDS  only items whose page declares this access: free, metered, paywalled,\n"
    "                      unknown (none declared), or several with commas\n"
    "      --match REGEX   only items whose title or text matches (extended, any case)\n"
    "      --max N         stop after N items\n"
    "      --timeout DUR   stop following after this long\n"
    "      --format FMT    json (default) or tsv: seq, published, source, lang, title, url\n";
static const char HELP_GROUPS[] =
    "Lists, resets or deletes the consumer groups of `tail --group`.\n\n" CONF_HELP
    "  list                the groups, their cursors and when they last read (default)\n"
    "  reset NAME [SEQ]    move a group's cursor back to SEQ (default 0: everything again)\n"
    "  delete NAME         forget a group\n";
static const char HELP_REPLAY[] =
    "Sends feeds, HTML pages and WARC archives (plain, .gz or .zst; ARC files too) from\n"
    "files and folders through the parser and store as if fetched; other files are\n"
    "skipped. Exit 1 when any document failed. Into a running daemon when one holds\n"
    "the store.\n\n" CONF_HELP "      --url URL       the address of a loose HTML page that names none\n"
    "      --url-map FILE  addresses of loose pages: lines PATH<TAB>URL\n"
    "      --reextract     extract archived pages again: items whose text changed get\n"
    "                      a new revision\n"
    "      --since TIME    leave out WARC records older than TIME\n";
static const char HELP_PARSE[] = "Parses feed documents (RSS, Atom, JSON Feed, sitemaps; .gz too) into one JSON\n"
                                 "object per document on stdout, in the order given; no store. Exit 1 when any\n"
                                 "failed.\n"
                                 "An http(s) URL given for a FILE is fetched (its final address as --url).\n\n"
                                 "  -j, --jobs N        threads (default: the number of cores)\n"
                                 "      --url URL       the documents' address, for relative links\n";
static const char HELP_EXTRACT[] = "Extracts article pages (HTML; .gz too) into one JSON object per page: text,\n"
                                   "title, author, dates, language, site, agencies; no store. Exit 1 when any failed.\n"
                                   "An http(s) URL given for a FILE is fetched (its final address as --url).\n\n"
                                   "  -j, --jobs N        threads (default: the number of cores)\n"
                                   "      --url URL       the page's address (its canonical link wins)\n";
static const char HELP_CHECK[] =
    "Reads and validates the configuration (keys, values and units, feed URLs,\n"
    "duplicate feeds) without running anything: exit 0 when valid, 2 otherwise,\n"
    "naming the file and line. Warns when no feed is configured.\n\n" CONF_HELP;
static const char HELP_OPML[] =
    "Writes the configured feeds as an OPML 2.0 subscription list on stdout\n"
    "(the [opml] file key imports one).\n\n" CONF_HELP;
static const char HELP_KEYGEN[] =
    "Prints a new CURVE key pair as a [security] section. Put the same section in the\n"
    "configuration of every host of a deployment: its tcp:// endpoints are then\n"
    "encrypted and only peers holding the pair are admitted (others are refused and\n"
    "logged). curve_allow = KEY... admits other public keys too.\n";
static const char HELP_STATUS[] =
    "Store size, item counts and each feed's health (exit status 1 when a feed is failing).\n\n" CONF_HELP
    "      --json          one JSON object, times in RFC 3339\n"
    "      --failing       only the feeds that are failing or gone\n";

static const char HELP_BACKUP[] = "Copies the store into FOLDER (made, or empty), compacted, as it is when the copy\n"
                                  "begins, while newswire runs: a store of its own (make it [store] path to restore\n"
                                  "it, newswire stopped). Nothing is ever written over. With - the store's data.mdb\n"
                                  "goes to standard output (not a terminal): backup - | zstd > store.zst\n\n" CONF_HELP;

static const struct command commands[] = {
    {"run", cmd_run, "run      [-c FILE]                 all stages in one process, in the foreground", HELP_RUN},
    {"fetcher", cmd_stage, "fetcher  [-c FILE]                 the fetcher stage alone", HELP_STAGE},
    {"parser", cmd_stage, "parser   [-c FILE]                 the parser stage alone", HELP_STAGE},
    {"store", cmd_stage, "store    [-c FILE]                 the store stage alone", HELP_STAGE},
    {"tail", cmd_tail,
     "tail     [-c FILE] [-f] [--from SEQ | --since TIME | --last N] [--group NAME] [--unique]\n"
     "           [--feed URL|NAME] [--tag TAG] [--lang CODE] [--agency NAME] [--access KINDS] [--match REGEX]\n"
     "           [--max N] [--timeout DURATION] [--format json|tsv]\n"
     "                                     stored items as JSON lines (-f: and new ones as they come)",
     HELP_TAIL},
    {"groups", cmd_groups,
     "groups   [-c FILE] [list | reset NAME [SEQ] | delete NAME]\n"
     "                                     consumer groups of tail and their cursors",
     HELP_GROUPS},
    {"replay", cmd_replay,
     "replay   [-c FILE] [--url URL | --url-map FILE] [--reextract [--since TIME]] PATH...\n"
     "                                     feeds, pages, WARC (.gz, .zst) and ARC files, folders",
     HELP_REPLAY},
    {"parse", cmd_parse, "parse    [-j N] FILE|URL...|-      feed documents to JSON, one object per line", HELP_PARSE},
    {"extract", cmd_extract,
     "extract  [-j N] [--url URL] FILE|URL...|-\n"
     "                                     article pages to JSON, one object per line",
     HELP_EXTRACT},
    {"backup", cmd_backup, "backup   [-c FILE] FOLDER|-        a copy of the store, while it runs", HELP_BACKUP},
    {"check", cmd_check, "check    [-c FILE]                 validate the configuration", HELP_CHECK},
    {"opml", cmd_opml, "opml     [-c FILE]                 the subscriptions as OPML", HELP_OPML},
    {"keygen", cmd_keygen, "keygen                             a CURVE key pair for stages on several hosts",
     HELP_KEYGEN},
    {"status", cmd_status,
     "status   [-c FILE] [--json] [--failing]\n"
     "                                     store size, item counts, per-feed health",
     HELP_STATUS},
};

static void usage(FILE *f)
{
    fputs("usage: newswire COMMAND [OPTIONS]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %s\n", commands[i].usage);
    fputs("\nWithout -c FILE the configuration is $NEWSWIRE_CONF, else ./pipeline.conf, else\n"
          "/etc/newswire/pipeline.conf. Exit status: 0 success, 1 runtime failure, 2 usage or\n"
          "configuration error. `newswire COMMAND --help` explains a command's options; man newswire.\n",
          f);
}

int main(int argc, char **argv)
{
    cli_heap_setup(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("newswire 0.1.0");
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(argv[1], commands[i].name))
            continue;
        for (int a = 2; a < argc; a++)
            if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
                printf("usage: newswire %s\n\n%s", commands[i].usage, commands[i].help);
                return EXIT_OK;
            }
        /* the commands whose fetcher makes transfers; parse and extract
         * start libcurl when given an address */
        if (!strcmp(commands[i].name, "run") || !strcmp(commands[i].name, "fetcher"))
            cli_net_init();
        return cli_run_command(commands[i].name, commands[i].fn, argc, argv);
    }
    fprintf(stderr, "newswire: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
