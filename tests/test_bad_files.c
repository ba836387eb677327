/* SPDX-License-Identifier: MIT */
/*
 * test_bad_files.c: the catalogue of mistakes in tests/bad/. Each YAML file there holds one
 * mistake; tests/bad/EXPECTED gives the first message loading it must produce. Every file
 * must be listed, every listed file must exist, and the good era the scenarios point at
 * must load. Inputs too big to commit (10,000 levels of nesting) are written at run time.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cfg.h"
#include "cfg_tree.h"

#define MAX_CASES 200

struct bad_case {
	char file[128];
	char message[1024];
};

static struct bad_case cases[MAX_CASES];
static int n_cases;

/* Reads EXPECTED: "file<TAB>message" lines; '#' starts a comment line. */
static int
read_expected(void)
{
	FILE *f = fopen("EXPECTED", "r");
	char line[1200];

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL && n_cases < MAX_CASES) {
		char *tab = strchr(line, '\t');

		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#' || line[0] == 0 || tab == NULL)
			continue;
		*tab = 0;
		snprintf(cases[n_cases].file, sizeof(cases[0].file), "%.127s", line);
		snprintf(cases[n_cases].message, sizeof(cases[0].message), "%.1023s", tab + 1);
		n_cases++;
	}
	fclose(f);
	return 0;
}

/* The first message of loading path, or NULL when it loaded. */
static char *
first_message(const char *path, enum cfg_result *rc)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	char *msg = NULL;

	cfg_errors_init(&errs);
	*rc = cfg_scenario_load(path, NULL, 0, &sc, &errs);
	if (*rc == CFG_OK)
		cfg_scenario_fini(&sc);
	else if (errs.n > 0)
		msg = strdup(errs.msgs[0]);
	if (*rc != CFG_OK && (sc.n_variants != 0 || sc.variants != NULL)) {
		free(msg);
		msg = strdup("(a failed load left variants behind)");
	}
	cfg_errors_fini(&errs);
	return msg;
}

static void
test_bad_files_expected(void **state)
{
	int failed = 0;

	assert_true(n_cases >= 40);
	for (int i = 0; i < n_cases; i++) {
		enum cfg_result rc;
		char *msg = first_message(cases[i].file, &rc);

		if (rc == CFG_OK || msg == NULL || strcmp(msg, cases[i].message) != 0) {
			print_error("%s:\n  want: %s\n  got:  %s\n", cases[i].file, cases[i].message,
			            rc == CFG_OK ? "(loaded)" : msg ? msg : "(no message)");
			failed++;
		}
		free(msg);
	}
	assert_int_equal(failed, 0);
}

static int
listed(const char *file)
{
	for (int i = 0; i < n_cases; i++) {
		if (strcmp(cases[i].file, file) == 0)
			return 1;
	}
	return 0;
}

static void
test_bad_files_all_listed(void **state)
{
	DIR *dir = opendir(".");
	struct dirent *de;
	int unlisted = 0;

	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 5 || strcmp(de->d_name + n - 5, ".yaml") != 0 ||
		    strcmp(de->d_name, "era_ok.yaml") == 0)
			continue;
		if (!listed(de->d_name)) {
			print_error("%s is not in EXPECTED\n", de->d_name);
			unlisted++;
		}
	}
	closedir(dir);
	assert_int_equal(unlisted, 0);
	for (int i = 0; i < n_cases; i++)
		assert_int_equal(access(cases[i].file, R_OK), 0);
}

static void
test_bad_files_era_ok_loads(void **state)
{
	enum cfg_result rc;
	char *msg = first_message("era_ok.yaml", &rc);

	if (msg != NULL)
		print_error("%s\n", msg);
	assert_int_equal(rc, CFG_OK);
	free(msg);
}

static void
test_bad_files_missing_era_is_eopen(void **state)
{
	enum cfg_result rc;

	free(first_message("missing_era_file.yaml", &rc));
	assert_int_equal(rc, CFG_EOPEN);
	free(first_message("empty.yaml", &rc));
	assert_int_equal(rc, CFG_EDATA);
}

/* Writes text to a new temporary file; its path goes into path. */
static void
write_temp(char *path, size_t len, const char *text, size_t n)
{
	int fd;

	snprintf(path, len, "/tmp/gossipsim_bad_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
}

static void
test_bad_files_deep_nesting(void **state)
{
	const int levels = 10000;
	char *text = malloc((size_t)levels * 5 + 16), path[64], want[128];
	size_t n = 0;
	enum cfg_result rc;
	char *msg;

	/* block mappings, one level per line: "a:\n  a:\n    a: ..." would be 50 MB of
	 * indentation, so the levels are flow mappings on one line instead */
	assert_non_null(text);
	n += (size_t)sprintf(text, "era: ");
	for (int i = 0; i < levels; i++)
		n += (size_t)sprintf(text + n, "{a: ");
	for (int i = 0; i < levels; i++)
		text[n++] = '}';
	text[n++] = '\n';
	write_temp(path, sizeof(path), text, n);
	msg = first_message(path, &rc);
	unlink(path);
	free(text);
	assert_int_equal(rc, CFG_EDATA);
	/* the root is level 1; the 64th "{" (at column 6 + 63 * 4) opens level 65 */
	snprintf(want, sizeof(want), "%s:1:258: nesting deeper than 64 levels", path);
	assert_non_null(msg);
	assert_string_equal(msg, want);
	free(msg);
}

static void
test_bad_files_many_aliases(void **state)
{
	char text[64 * 1024], path[64], want[128];
	size_t n = 0;
	enum cfg_result rc;
	char *msg;
	struct cfg_scenario sc;
	struct cfg_errors errs;

	/* a thousand refusals stop at a hundred messages, with a last one that says so */
	n += (size_t)sprintf(text, "a: &x 1\n");
	for (int i = 0; i < 1000; i++)
		n += (size_t)sprintf(text + n, "k%d: *x\n", i);
	write_temp(path, sizeof(path), text, n);
	msg = first_message(path, &rc);
	snprintf(want, sizeof(want), "%s:1:4: anchors and aliases are not supported (&x)", path);
	assert_string_equal(msg, want);
	free(msg);
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(path, NULL, 0, &sc, &errs), CFG_EDATA);
	assert_int_equal(errs.n, 101);
	snprintf(want, sizeof(want), "%s: too many errors, giving up", path);
	assert_string_equal(errs.msgs[100], want);
	cfg_errors_fini(&errs);
	unlink(path);
}

static int
setup(void **state)
{
	if (chdir(TEST_DATADIR "/tests/bad") < 0)
		return -1;
	return read_expected();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_files_expected),
		cmocka_unit_test(test_bad_files_all_listed),
		cmocka_unit_test(test_bad_files_era_ok_loads),
		cmocka_unit_test(test_bad_files_missing_era_is_eopen),
		cmocka_unit_test(test_bad_files_deep_nesting),
		cmocka_unit_test(test_bad_files_many_aliases),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
