/* SPDX-License-Identifier: MIT */
/*
 * test_cli.c: the argument parser of ui/cli.c. Each case parses a command line as the
 * shell would hand it over and checks the command, the options and, for a usage error,
 * the exact one-line message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"

#define ARGV(...) ((char *[]){"gossipsim", __VA_ARGS__, NULL})

struct parsed {
	struct cli_options opt;
	char err[512];
	int rc;
};

static struct parsed parsed;

static int teardown(void **state)
{
	cli_options_fini(&parsed.opt);
	return 0;
}

static int parse(int argc, char **argv)
{
	cli_options_fini(&parsed.opt);
	parsed.rc = cli_parse(argc, argv, &parsed.opt, parsed.err, sizeof(parsed.err));
	return parsed.rc;
}

#define PARSE(...) do { char **v_ = ARGV(__VA_ARGS__); \
	parse(1 + (int)(sizeof((char *[]){__VA_ARGS__}) / sizeof(char *)), v_); } while (0)

/* Parses and expects a usage error with exactly msg. */
#define USAGE(msg, ...) do { PARSE(__VA_ARGS__); \
	assert_int_equal(parsed.rc, CLI_EXIT_USAGE); \
	assert_string_equal(parsed.err, msg); } while (0)

static void test_cli_no_arguments_present_the_talk(void **state)
{
	char *argv[] = {"gossipsim", NULL};

	assert_int_equal(parse(1, argv), 0);
	assert_int_equal(parsed.opt.command, CLI_PRESENT);
	assert_int_equal(parsed.opt.n_files, 0);
	assert_int_equal(parsed.opt.plain, 0);
	assert_int_equal(parsed.opt.notes, 0);

	PARSE("--plain", "--notes");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_PRESENT);
	assert_int_equal(parsed.opt.plain, 1);
	assert_int_equal(parsed.opt.notes, 1);
}

static void test_cli_bare_file_runs_it(void **state)
{
	PARSE("scenarios/2007_outage.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_RUN);
	assert_int_equal(parsed.opt.n_files, 1);
	assert_string_equal(parsed.opt.files[0], "scenarios/2007_outage.yaml");
	assert_int_equal(parsed.opt.headless, 0);
	assert_null(parsed.opt.variant);
	assert_null(parsed.opt.json_path);
	assert_int_equal(parsed.opt.has_seed, 0);
	assert_int_equal(parsed.opt.has_until, 0);

	PARSE("--seed", "7", "--plain", "a.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_RUN);
	assert_int_equal(parsed.opt.seed, 7);
	assert_int_equal(parsed.opt.plain, 1);
}

static void test_cli_run_takes_every_option(void **state)
{
	PARSE("run", "--headless", "--variant", "fix", "--seed=18446744073709551615",
	      "--until", "90s", "--json", "out.json", "--set", "nodes.db.max_connections=2000",
	      "--set=seed=3", "s.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_RUN);
	assert_int_equal(parsed.opt.headless, 1);
	assert_string_equal(parsed.opt.variant, "fix");
	assert_int_equal(parsed.opt.has_seed, 1);
	assert_true(parsed.opt.seed == UINT64_MAX);
	assert_int_equal(parsed.opt.has_until, 1);
	assert_int_equal(parsed.opt.until, 90 * SIM_SEC);
	assert_string_equal(parsed.opt.json_path, "out.json");
	assert_int_equal(parsed.opt.n_sets, 2);
	assert_string_equal(parsed.opt.sets[0].key, "nodes.db.max_connections");
	assert_string_equal(parsed.opt.sets[0].value, "2000");
	assert_string_equal(parsed.opt.sets[1].key, "seed");
	assert_string_equal(parsed.opt.sets[1].value, "3");
	assert_int_equal(parsed.opt.n_files, 1);
	assert_string_equal(parsed.opt.files[0], "s.yaml");
}

static void test_cli_options_before_the_command_count(void **state)
{
	PARSE("--seed", "3", "run", "s.yaml", "--until=0");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_RUN);
	assert_int_equal(parsed.opt.seed, 3);
	assert_int_equal(parsed.opt.has_until, 1);
	assert_int_equal(parsed.opt.until, 0);
}

static void test_cli_json_implies_headless(void **state)
{
	PARSE("run", "--json", "-", "s.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.headless, 1);
	assert_string_equal(parsed.opt.json_path, "-");
}

static void test_cli_set_keeps_equals_in_the_value(void **state)
{
	PARSE("run", "--set", "title=a=b", "--set", "x=", "s.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.n_sets, 2);
	assert_string_equal(parsed.opt.sets[0].key, "title");
	assert_string_equal(parsed.opt.sets[0].value, "a=b");
	assert_string_equal(parsed.opt.sets[1].key, "x");
	assert_string_equal(parsed.opt.sets[1].value, "");

	USAGE("option '--set' expects KEY=VALUE, got '=3'", "run", "--set", "=3", "s.yaml");
	USAGE("option '--set' expects KEY=VALUE, got 'seed'", "run", "--set", "seed", "s.yaml");
}

static void test_cli_seed_must_be_a_whole_number(void **state)
{
	PARSE("run", "--seed", "0", "s.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.has_seed, 1);
	assert_int_equal(parsed.opt.seed, 0);

	USAGE("option '--seed' expects a whole number from 0 to 18446744073709551615, "
	      "got '-3'", "run", "--seed", "-3", "s.yaml");
	USAGE("option '--seed' expects a whole number from 0 to 18446744073709551615, "
	      "got '18446744073709551616'", "run", "--seed", "18446744073709551616", "s.yaml");
	USAGE("option '--seed' expects a whole number from 0 to 18446744073709551615, "
	      "got '12ab'", "run", "--seed=12ab", "s.yaml");
	USAGE("option '--seed' expects a whole number from 0 to 18446744073709551615, "
	      "got ' 1'", "run", "--seed", " 1", "s.yaml");
}

static void test_cli_until_is_a_duration(void **state)
{
	PARSE("run", "--until", "10m", "s.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.until, 600 * SIM_SEC);

	USAGE("option '--until' expects a duration like 200ms, 30s, 10m or 2h, got 'soon'",
	      "run", "--until", "soon", "s.yaml");
	USAGE("option '--until' expects a duration that is not negative, got '-5s'",
	      "run", "--until=-5s", "s.yaml");
}

static void test_cli_unknown_options_are_named(void **state)
{
	USAGE("unknown option '--sed' (did you mean '--seed'?)", "run", "--sed", "3", "s.yaml");
	USAGE("unknown option '--varient' (did you mean '--variant'?)", "--varient=x", "s.yaml");
	USAGE("unknown option '--frobnicate'", "--frobnicate");
	USAGE("unknown option '-x'", "-x");
	USAGE("unknown option '-hV'", "-hV");
}

static void test_cli_values_are_required_or_refused(void **state)
{
	USAGE("option '--variant' needs a value", "run", "s.yaml", "--variant");
	USAGE("option '--json' needs a value", "run", "--json=", "s.yaml");
	USAGE("option '--headless' takes no value", "run", "--headless=yes", "s.yaml");
}

/* A second value would silently replace the first: each output, the seed, the variant. */
static void test_cli_options_given_twice(void **state)
{
	USAGE("option '--json' was given twice", "run", "--json", "a.json", "--json", "b.json",
	      "s.yaml");
	USAGE("option '--csv' was given twice", "run", "--csv=a.csv", "s.yaml", "--csv=a.csv");
	USAGE("option '--plot' was given twice", "run", "--plot", "a.png", "--plot", "b.svg",
	      "s.yaml");
	USAGE("option '--record' was given twice", "run", "--record", "a.cast", "--record",
	      "b.cast", "s.yaml");
	USAGE("option '--trace' was given twice", "--trace", "a.json", "--trace", "b.json",
	      "s.yaml");
	USAGE("option '--seed' was given twice", "run", "--seed", "1", "--seed", "2", "s.yaml");
	USAGE("option '--variant' was given twice", "dot", "--variant", "a", "--variant", "b",
	      "s.yaml");
}

/* --set adds up, and a flag said twice is said once. */
static void test_cli_sets_and_flags_repeat(void **state)
{
	PARSE("run", "--set", "a=1", "--set", "b=2", "--headless", "--headless", "s.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.n_sets, 2);
	assert_int_equal(parsed.opt.headless, 1);
}

static void test_cli_options_belong_to_their_command(void **state)
{
	USAGE("option '--seed' is not valid with 'check'", "check", "--seed", "1", "a.yaml");
	USAGE("option '--plain' is not valid with 'validate'", "validate", "--plain", "a.yaml");
	USAGE("option '--notes' is only valid without a command or FILE", "run", "--notes",
	      "a.yaml");
	USAGE("option '--notes' is only valid without a command or FILE", "--notes", "a.yaml");
	USAGE("option '--version' is only valid without a command or FILE", "list",
	      "--version");
	USAGE("option '--json' needs a FILE to run", "--json", "out.json");
	USAGE("option '--headless' needs a FILE to run", "--headless");
}

static void test_cli_commands_count_their_files(void **state)
{
	USAGE("run needs a FILE", "run");
	USAGE("run takes one FILE, got 2", "run", "a.yaml", "b.yaml");
	USAGE("expected one FILE, got 2 (to check several, use 'gossipsim check')",
	      "a.yaml", "b.yaml");
	USAGE("check needs at least one FILE", "check");
	USAGE("validate needs at least one FILE", "validate");
	USAGE("list takes no arguments, got 'eras'", "list", "eras");

	PARSE("check", "a.yaml", "b.yaml", "c.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_CHECK);
	assert_int_equal(parsed.opt.n_files, 3);
	assert_string_equal(parsed.opt.files[2], "c.yaml");

	PARSE("validate", "a.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_VALIDATE);

	PARSE("list");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_LIST);
}

static void test_cli_only_the_first_word_is_a_command(void **state)
{
	PARSE("check", "run", "list");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_CHECK);
	assert_int_equal(parsed.opt.n_files, 2);
	assert_string_equal(parsed.opt.files[0], "run");

	/* After "--" even the first word is a file, and so is anything with a dash. */
	PARSE("--", "run");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_RUN);
	assert_string_equal(parsed.opt.files[0], "run");

	PARSE("run", "--", "--odd.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_string_equal(parsed.opt.files[0], "--odd.yaml");

	PARSE("-");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_RUN);
	assert_string_equal(parsed.opt.files[0], "-");
}

static void test_cli_misspelt_commands_are_caught(void **state)
{
	USAGE("unknown command 'chek' (did you mean 'check'?)", "chek", "a.yaml");
	USAGE("unknown command 'validat' (did you mean 'validate'?)", "validat", "a.yaml");
	USAGE("unknown command 'lst' (did you mean 'list'?)", "lst");

	/* A word that looks like a file, or is like no command, is a FILE. */
	PARSE("chek.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_RUN);
	PARSE("outage");
	assert_int_equal(parsed.rc, 0);
	assert_string_equal(parsed.opt.files[0], "outage");
	PARSE("--", "chek");
	assert_int_equal(parsed.rc, 0);
	assert_string_equal(parsed.opt.files[0], "chek");
}

static void test_cli_help_per_command(void **state)
{
	PARSE("--help");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_HELP);
	assert_int_equal(parsed.opt.help_topic, CLI_PRESENT);

	PARSE("-h");
	assert_int_equal(parsed.opt.command, CLI_HELP);

	PARSE("run", "--help");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_HELP);
	assert_int_equal(parsed.opt.help_topic, CLI_RUN);

	/* --help wins over a half-written command line. */
	PARSE("check", "--seed", "1", "--help");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.help_topic, CLI_CHECK);

	PARSE("help", "list");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_HELP);
	assert_int_equal(parsed.opt.help_topic, CLI_LIST);

	PARSE("help");
	assert_int_equal(parsed.opt.help_topic, CLI_PRESENT);

	USAGE("unknown command 'frob'", "help", "frob");
	USAGE("help takes at most one COMMAND, got 2", "help", "run", "check");

	assert_non_null(strstr(cli_help(CLI_PRESENT), "usage: gossipsim"));
	assert_non_null(strstr(cli_help(CLI_RUN), "--until TIME"));
	assert_non_null(strstr(cli_help(CLI_CHECK), "usage: gossipsim check FILE..."));
	assert_non_null(strstr(cli_help(CLI_VALIDATE), "usage: gossipsim validate FILE..."));
	assert_non_null(strstr(cli_help(CLI_LIST), "usage: gossipsim list"));
}

static void test_cli_version(void **state)
{
	PARSE("--version");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.command, CLI_VERSION);

	PARSE("-V");
	assert_int_equal(parsed.opt.command, CLI_VERSION);
}

static void test_cli_parses_again_from_scratch(void **state)
{
	/* No state survives a parse: a second line sees none of the first's options. */
	PARSE("run", "--seed", "5", "--set", "a=b", "--json", "-", "a.yaml");
	assert_int_equal(parsed.rc, 0);
	PARSE("b.yaml");
	assert_int_equal(parsed.rc, 0);
	assert_int_equal(parsed.opt.has_seed, 0);
	assert_int_equal(parsed.opt.n_sets, 0);
	assert_null(parsed.opt.json_path);
	assert_int_equal(parsed.opt.headless, 0);
	assert_string_equal(parsed.opt.files[0], "b.yaml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_no_arguments_present_the_talk),
		cmocka_unit_test(test_cli_bare_file_runs_it),
		cmocka_unit_test(test_cli_run_takes_every_option),
		cmocka_unit_test(test_cli_options_before_the_command_count),
		cmocka_unit_test(test_cli_json_implies_headless),
		cmocka_unit_test(test_cli_set_keeps_equals_in_the_value),
		cmocka_unit_test(test_cli_seed_must_be_a_whole_number),
		cmocka_unit_test(test_cli_until_is_a_duration),
		cmocka_unit_test(test_cli_unknown_options_are_named),
		cmocka_unit_test(test_cli_values_are_required_or_refused),
		cmocka_unit_test(test_cli_options_given_twice),
		cmocka_unit_test(test_cli_sets_and_flags_repeat),
		cmocka_unit_test(test_cli_options_belong_to_their_command),
		cmocka_unit_test(test_cli_commands_count_their_files),
		cmocka_unit_test(test_cli_only_the_first_word_is_a_command),
		cmocka_unit_test(test_cli_misspelt_commands_are_caught),
		cmocka_unit_test(test_cli_help_per_command),
		cmocka_unit_test(test_cli_version),
		cmocka_unit_test(test_cli_parses_again_from_scratch),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
