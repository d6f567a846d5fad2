/* Parse floor for make bench: read every CSV given on the command line with libcsv (64 KiB chunks, the
 * same options as gaizao) and count fields and records. Nothing else: no decoding, no normalising. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static size_t fields, records;
static void on_field(void *s, size_t len, void *data) { (void)s; (void)len; (void)data; fields++; }
static void on_record(int c, void *data) { (void)c; (void)data; records++; }

int main(int argc, char **argv) {
    static char buf[1 << 16];
    for (int i = 1; i < argc; i++) {
        struct csv_parser p;
        if (csv_init(&p, CSV_REPALL_NL) != 0) return 1;
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 1; }
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
            if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) { fprintf(stderr, "parse error\n"); return 1; }
        }
        csv_fini(&p, on_field, on_record, NULL);
        csv_free(&p);
        fclose(f);
    }
    printf("%zu records, %zu fields\n", records, fields);
    return 0;
}
