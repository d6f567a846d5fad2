/* Insert floor for make bench: insert ROWS rows of the warehouse's project-row shape (5 bookkeeping columns
 * and 14 template columns) into a fresh SQLite file in one transaction through one prepared statement. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: floor_insert ROWS DB\n"); return 2; }
    long rows = atol(argv[1]);
    sqlite3 *db;
    remove(argv[2]);
    if (sqlite3_open(argv[2], &db) != SQLITE_OK) return 1;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE r (file_id INTEGER, line INTEGER, unit TEXT, month TEXT, key TEXT,"
                     " rejected INTEGER DEFAULT 0, a TEXT, b TEXT, c TEXT, d TEXT, e TEXT, f TEXT, g REAL, h REAL, i REAL, j REAL,"
                     " k REAL, l TEXT, m TEXT, n TEXT); CREATE INDEX r_file ON r(file_id);", 0, 0, 0);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO r (file_id,line,unit,month,key,a,b,c,d,e,f,g,h,i,j,k,l,m,n)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, 0);
    sqlite3_exec(db, "BEGIN", 0, 0, 0);
    char key[32];
    for (long r = 0; r < rows; r++) {
        snprintf(key, sizeof key, "TX%08ld", r);
        sqlite3_bind_int64(st, 1, 1 + r / 100000);
        sqlite3_bind_int64(st, 2, r + 2);
        sqlite3_bind_text(st, 3, "330483001", -1, SQLITE_STATIC);
        sqlite3_bind_null(st, 4);
        sqlite3_bind_text(st, 5, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 6, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, "年产100万件毛衫智能化改造项目", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, "桐乡市某某纺织有限公司977", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 9, "91330483E2T5HEH7EW", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, "梧桐街道", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, "数字化改造", -1, SQLITE_STATIC);
        for (int c = 12; c <= 16; c++) sqlite3_bind_double(st, c, (double)(r % 5000) + c);
        sqlite3_bind_text(st, 17, "2023-02-01", -1, SQLITE_STATIC);
        sqlite3_bind_null(st, 18);
        sqlite3_bind_text(st, 19, "在建", -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); return 1; }
        sqlite3_reset(st);
    }
    sqlite3_exec(db, "COMMIT", 0, 0, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("%ld rows\n", rows);
    return 0;
}
