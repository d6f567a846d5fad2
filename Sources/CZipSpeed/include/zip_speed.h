#ifndef GAIZAO_ZIP_SPEED_H
#define GAIZAO_ZIP_SPEED_H

/* The deflate level libxlsxwriter's zip entries are written with. libxlsxwriter 1.1.4 always asks minizip for
 * the default level (6) and offers no option; at a million detail rows that compression was two fifths of the
 * report. -1 (the default) leaves libxlsxwriter's choice alone; 1 is zlib's fastest. */
void gaizao_zip_set_level(int level);
int gaizao_zip_level(void);

#endif
