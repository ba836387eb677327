/* SPDX-License-Identifier: MIT */
/*
 * cli.c: parsing gossipsim's command line into a struct cli_options, and the help texts.
 *
 * The first word that is not an option picks the command (run, check, validate, list,
 * help); any other first word is a FILE, run as by `run`. Options may come before or
 * after the command word; each is checked against the command once the whole line is
 * read, so `gossipsim --seed 3 run FILE` and `gossipsim run FILE --seed 3` agree. Long
 * options take their value as `--seed=3` or `--seed 3`; `--` ends the options.
 *
 * The parser is a plain loop over argv with no getopt state, so it can run many times in
 * one process (the tests do). It stops at the first problem and describes it in one
 * lowercase line; --help wins over everything but an unknown option, so a user who has
 * half-written a command line can still ask what it should be.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_tree.h"

/* Which commands accept an option: a bit per enum cli_command. */
#define ON(cmd) (1u << (cmd))
#define ON_RUN  ON(CLI_RUN)
#define ON_ALL  (~0u)
#define ON_LOAD (ON_RUN | ON(CLI_CHECK) | ON(CLI_VALIDATE) | ON(CLI_DOT) | ON(CLI_DIFF))

enum opt_id {
	OPT_HELP, OPT_VERSION, OPT_HEADLESS, OPT_VARIANT, OPT_SEED, OPT_UNTIL, OPT_JSON,
	OPT_SET, OPT_PLAIN, OPT_NOTES, OPT_CSV, OPT_PLOT, OPT_RECORD, OPT_GUI, OPT_SCREENSHOT,
	OPT_AT, OPT_TRACE, OPT_TRACE_EVERY
};

struct opt_spec {
	enum opt_id id;
	const char *name;               /* the long name, without "--" */
	char short_name;                /* 0: none */
	int takes_value;
	unsigned commands;              /* the commands it is valid with */
};

static const struct opt_spec specs[] = {
	{OPT_HELP,     "help",     'h', 0, ON_ALL},
	{OPT_VERSION,  "version",  'V', 0, ON(CLI_PRESENT)},
	{OPT_HEADLESS, "headless", 0,   0, ON_RUN},
	{OPT_VARIANT,  "variant",  0,   1, ON_RUN | ON(CLI_DOT)},
	{OPT_SEED,     "seed",     0,   1, ON_RUN},
	{OPT_UNTIL,    "until",    0,   1, ON_RUN},
	{OPT_JSON,     "json",     0,   1, ON_RUN},
	{OPT_SET,      "set",      0,   1, ON_LOAD},
	{OPT_PLAIN,    "plain",    0,   0, ON(CLI_PRESENT) | ON_RUN},
	{OPT_NOTES,    "notes",    0,   0, ON(CLI_PRESENT)},
	{OPT_CSV,      "csv",      0,   1, ON_RUN},
	{OPT_PLOT,     "plot",     0,   1, ON_RUN},
	{OPT_RECORD,   "record",   0,   1, ON_RUN},
	{OPT_GUI,      "gui",      0,   0, ON(CLI_PRESENT) | ON_RUN},
	{OPT_SCREENSHOT, "screenshot", 0, 1, ON_RUN},
	{OPT_AT,       "at",       0,   1, ON_RUN},
	{OPT_TRACE,    "trace",    0,   1, ON_RUN},
	{OPT_TRACE_EVERY, "trace-every", 0, 1, ON_RUN},
};
#define N_SPECS ((int)(sizeof(specs) / sizeof(specs[0])))

static const char *const command_names[] = {
	[CLI_PRESENT] = "gossipsim",
	[CLI_RUN] = "run",
	[CLI_CHECK] = "check",
	[CLI_VALIDATE] = "validate",
	[CLI_LIST] = "list",
	[CLI_HELP] = "help",
	[CLI_VERSION] = "version",
	[CLI_DOT] = "dot",
	[CLI_DIFF] = "diff",
};

/* What the loop has seen so far, beyond what goes straight into the options. */
struct parse {
	struct cli_options *opt;
	char *err;
	size_t errlen;
	int have_command;
	int want_help;
	int want_version;
	const struct opt_spec *used[64];   /* options given, checked against the command */
	int n_used;
	char *const *words;             /* positional arguments, in order */
	int n_words;
	int first_quoted;               /* the first word came after "--" */
};

static int fail(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the one-line description of a usage error and returns CLI_EXIT_USAGE. */
static int fail(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

const char *cli_command_name(enum cli_command cmd)
{
	if ((unsigned)cmd >= sizeof(command_names) / sizeof(command_names[0]))
		return "?";
	return command_names[cmd];
}

/* The command a word names, or -1; only commands a user may type count. */
static int command_lookup(const char *word)
{
	static const enum cli_command typed[] = {
		CLI_RUN, CLI_CHECK, CLI_VALIDATE, CLI_LIST, CLI_HELP, CLI_DOT, CLI_DIFF
	};

	for (size_t i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
		if (strcmp(word, command_names[typed[i]]) == 0)
			return (int)typed[i];
	return -1;
}

static const struct opt_spec *spec_long(const char *name, size_t len)
{
	for (int i = 0; i < N_SPECS; i++)
		if (strlen(specs[i].name) == len && strncmp(specs[i].name, name, len) == 0)
			return &specs[i];
	return NULL;
}

static const struct opt_spec *spec_short(char c)
{
	for (int i = 0; i < N_SPECS; i++)
		if (specs[i].short_name && specs[i].short_name == c)
			return &specs[i];
	return NULL;
}

/* "unknown option '--sed' (did you mean '--seed'?)" */
static int fail_unknown(struct parse *p, const char *arg, size_t len)
{
	const char *names[N_SPECS];
	char word[64];
	const char *near = NULL;

	if (len >= sizeof(word))
		len = sizeof(word) - 1;
	memcpy(word, arg, len);
	word[len] = '\0';
	if (word[0] == '-' && word[1] == '-') {
		for (int i = 0; i < N_SPECS; i++)
			names[i] = specs[i].name;
		near = cfg_suggest(word + 2, names, N_SPECS);
	}
	if (near)
		return fail(p, "unknown option '%s' (did you mean '--%s'?)", word, near);
	return fail(p, "unknown option '%s'", word);
}

/* Digits only, no sign, no overflow: a seed is a 64-bit unsigned number. */
static int parse_seed(const char *s, uint64_t *out)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* Splits KEY=VALUE into a new entry of opt->sets; the strings are copies it owns. */
static int add_set(struct parse *p, const char *arg)
{
	struct cli_options *opt = p->opt;
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg)
		return fail(p, "option '--set' expects KEY=VALUE, got '%s'", arg);
	struct cfg_set *grown = realloc(opt->sets, (size_t)(opt->n_sets + 1) * sizeof(*grown));
	if (!grown)
		return fail(p, "out of memory");
	opt->sets = grown;

	size_t klen = (size_t)(eq - arg);
	char *key = malloc(klen + 1);
	char *value = strdup(eq + 1);
	if (!key || !value) {
		free(key);
		free(value);
		return fail(p, "out of memory");
	}
	memcpy(key, arg, klen);
	key[klen] = '\0';
	opt->sets[opt->n_sets].key = key;
	opt->sets[opt->n_sets].value = value;
	opt->n_sets++;
	return 0;
}

/* The chart's format comes from its name, so a name without one is refused early. */
static int plot_path(struct parse *p, const char *value)
{
	size_t n = strlen(value);

	if (n > 4 && (strcmp(value + n - 4, ".png") == 0 || strcmp(value + n - 4, ".svg") == 0)) {
		p->opt->plot_path = value;
		return 0;
	}
	return fail(p, "option '--plot' expects a file name ending in .png or .svg, got '%s'",
	            value);
}

/* --trace-every: a whole number of requests from 1 to 2^32 - 1. */
static int trace_every(struct parse *p, const char *value)
{
	char *end;

	errno = 0;
	unsigned long long v = value[0] >= '0' && value[0] <= '9' ?
	                       strtoull(value, &end, 10) : 0;
	if (v < 1 || v > UINT32_MAX || errno || *end)
		return fail(p, "option '--trace-every' expects a whole number from 1 to %lu, "
		            "got '%s'", (unsigned long)UINT32_MAX, value);
	p->opt->trace_every = (uint32_t)v;
	return 0;
}

/* --at: a time of day when it has a colon, otherwise a duration from the start. */
static int at_time(struct parse *p, const char *value)
{
	struct cli_options *opt = p->opt;
	char why[128] = "";

	opt->at_is_clock = strchr(value, ':') != NULL;
	if (opt->at_is_clock ? cfg_parse_clock(value, &opt->at, why, sizeof(why)) != 0 :
	    cfg_parse_duration(value, &opt->at, why, sizeof(why)) != 0)
		return fail(p, "option '--at' expects a time of day (02:47:09) or a duration "
		            "from the start (90s), got '%s'", value);
	opt->has_at = 1;
	return 0;
}

/* Stores the value of one option (value is NULL for flags). */
static int apply(struct parse *p, const struct opt_spec *spec, const char *value)
{
	struct cli_options *opt = p->opt;
	char why[128] = "";

	switch (spec->id) {
	case OPT_HELP:
		p->want_help = 1;
		return 0;
	case OPT_VERSION:
		p->want_version = 1;
		return 0;
	case OPT_HEADLESS:
		opt->headless = 1;
		return 0;
	case OPT_PLAIN:
		opt->plain = 1;
		return 0;
	case OPT_NOTES:
		opt->notes = 1;
		return 0;
	case OPT_VARIANT:
		opt->variant = value;
		return 0;
	case OPT_JSON:
		opt->json_path = value;
		return 0;
	case OPT_SET:
		return add_set(p, value);
	case OPT_CSV:
		opt->csv_path = value;
		return 0;
	case OPT_PLOT:
		return plot_path(p, value);
	case OPT_RECORD:
		if (strcmp(value, "-") == 0)
			return fail(p, "option '--record' writes a file, not standard output");
		opt->record_path = value;
		return 0;
	case OPT_GUI:
		opt->gui = 1;
		return 0;
	case OPT_SCREENSHOT:
		if (strlen(value) < 5 || strcmp(value + strlen(value) - 4, ".png") != 0)
			return fail(p, "option '--screenshot' expects a file name ending in .png, "
			            "got '%s'", value);
		opt->screenshot = value;
		opt->gui = 1;
		return 0;
	case OPT_AT:
		return at_time(p, value);
	case OPT_TRACE:
		if (strcmp(value, "-") == 0)
			return fail(p, "option '--trace' writes a file, not standard output");
		opt->trace_path = value;
		return 0;
	case OPT_TRACE_EVERY:
		return trace_every(p, value);
	case OPT_SEED:
		if (parse_seed(value, &opt->seed) != 0)
			return fail(p, "option '--seed' expects a whole number from 0 to "
			            "18446744073709551615, got '%s'", value);
		opt->has_seed = 1;
		return 0;
	case OPT_UNTIL:
		if (cfg_parse_duration(value, &opt->until, why, sizeof(why)) != 0)
			return fail(p, "option '--until' expects %s, got '%s'",
			            why[0] ? why : "a duration such as 90s", value);
		opt->has_until = 1;
		return 0;
	}
	return fail(p, "internal error: option '--%s' has no handler", spec->name);
}

/* Records that spec was given, so that it can be checked against the command later. */
static int remember(struct parse *p, const struct opt_spec *spec)
{
	if (p->n_used == (int)(sizeof(p->used) / sizeof(p->used[0])))
		return fail(p, "too many options");
	p->used[p->n_used++] = spec;
	return 0;
}

/*
 * One argument that starts with '-': a long option with an inline or a following value,
 * or a short one. *i moves past a value taken from the next argument.
 */
static int take_option(struct parse *p, int argc, char *const argv[], int *i)
{
	const char *arg = argv[*i];
	const struct opt_spec *spec;
	const char *value = NULL;

	if (arg[1] == '-') {
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);

		spec = spec_long(name, len);
		if (!spec)
			return fail_unknown(p, arg, eq ? (size_t)(eq - arg) : strlen(arg));
		if (eq && !spec->takes_value)
			return fail(p, "option '--%s' takes no value", spec->name);
		if (eq)
			value = eq + 1;
	} else {
		spec = arg[2] == '\0' ? spec_short(arg[1]) : NULL;
		if (!spec)
			return fail_unknown(p, arg, strlen(arg));
	}
	if (spec->takes_value && !value) {
		if (*i + 1 >= argc)
			return fail(p, "option '--%s' needs a value", spec->name);
		value = argv[++*i];
	}
	if (spec->takes_value && value[0] == '\0')
		return fail(p, "option '--%s' needs a value", spec->name);

	int rc = remember(p, spec);
	return rc ? rc : apply(p, spec, value);
}

/* Adds a positional argument; the first one may name the command. */
static int take_word(struct parse *p, char *const arg, int options_done)
{
	struct cli_options *opt = p->opt;
	int cmd = -1;

	if (!p->have_command && p->n_words == 0 && !options_done)
		cmd = command_lookup(arg);
	if (cmd >= 0) {
		opt->command = (enum cli_command)cmd;
		p->have_command = 1;
		return 0;
	}
	char **grown = realloc((void *)p->words, (size_t)(p->n_words + 1) * sizeof(*grown));
	if (!grown)
		return fail(p, "out of memory");
	if (p->n_words == 0)
		p->first_quoted = options_done;
	grown[p->n_words++] = arg;
	p->words = grown;
	return 0;
}

/* `help [COMMAND]`: the topic is the command named, or the overview. */
static int finish_help(struct parse *p)
{
	struct cli_options *opt = p->opt;

	if (p->n_words > 1)
		return fail(p, "help takes at most one COMMAND, got %d", p->n_words);
	opt->help_topic = CLI_PRESENT;
	if (p->n_words == 1) {
		int cmd = command_lookup(p->words[0]);
		if (cmd < 0)
			return fail(p, "unknown command '%s'", p->words[0]);
		opt->help_topic = (enum cli_command)cmd;
	}
	opt->command = CLI_HELP;
	return 0;
}

/* How many FILEs the command wants. */
static int check_arity(struct parse *p)
{
	struct cli_options *opt = p->opt;
	const char *name = cli_command_name(opt->command);

	switch (opt->command) {
	case CLI_RUN:
		if (p->n_words == 0)
			return fail(p, "run needs a FILE");
		if (p->n_words > 1 && p->have_command)
			return fail(p, "run takes one FILE, got %d", p->n_words);
		if (p->n_words > 1)
			return fail(p, "expected one FILE, got %d (to check several, use "
			            "'gossipsim check')", p->n_words);
		return 0;
	case CLI_CHECK:
	case CLI_VALIDATE:
		if (p->n_words == 0)
			return fail(p, "%s needs at least one FILE", name);
		return 0;
	case CLI_DOT:
		if (p->n_words != 1)
			return fail(p, "dot takes one FILE, got %d", p->n_words);
		return 0;
	case CLI_DIFF:
		if (p->n_words != 2)
			return fail(p, "diff takes two FILEs (the earlier, then the later), got %d",
			            p->n_words);
		return 0;
	case CLI_LIST:
		if (p->n_words > 0)
			return fail(p, "list takes no arguments, got '%s'", p->words[0]);
		return 0;
	default:
		return 0;
	}
}

/*
 * An option with a value given twice: the later would silently replace the earlier (two
 * --json files, two seeds), so it is refused. --set adds up and may be repeated.
 */
static int check_repeats(struct parse *p)
{
	for (int i = 0; i < p->n_used; i++) {
		const struct opt_spec *s = p->used[i];

		if (!s->takes_value || s->id == OPT_SET)
			continue;
		for (int j = 0; j < i; j++)
			if (p->used[j] == s)
				return fail(p, "option '--%s' was given twice", s->name);
	}
	return 0;
}

/* Every option given must belong to the command, and be given once. */
static int check_options(struct parse *p)
{
	enum cli_command cmd = p->opt->command;
	int rc = check_repeats(p);

	if (rc != 0)
		return rc;
	for (int i = 0; i < p->n_used; i++) {
		const struct opt_spec *s = p->used[i];

		if (s->commands & ON(cmd))
			continue;
		if (cmd == CLI_PRESENT)
			return fail(p, "option '--%s' needs a FILE to run", s->name);
		if (s->commands == ON(CLI_PRESENT))
			return fail(p, "option '--%s' is only valid without a command or FILE",
			            s->name);
		return fail(p, "option '--%s' is not valid with '%s'", s->name,
		            cli_command_name(cmd));
	}
	return 0;
}

/*
 * A first word with no '.' or '/' that is one typo away from a command is taken for a
 * misspelt command ("chekc"): an era or scenario file is named like "x.yaml".
 */
static int misspelt_command(struct parse *p)
{
	static const char *const typed[] = {
		"run", "check", "validate", "list", "help", "dot", "diff"
	};
	const char *word = p->words[0];
	const char *near;

	if (p->first_quoted || strchr(word, '.') || strchr(word, '/'))
		return 0;
	near = cfg_suggest(word, typed, (int)(sizeof(typed) / sizeof(typed[0])));
	if (!near)
		return 0;
	return fail(p, "unknown command '%s' (did you mean '%s'?)", word, near);
}

/* Settles the command once every argument is read, then checks what came with it. */
static int finish(struct parse *p)
{
	struct cli_options *opt = p->opt;
	int rc;

	if (!p->have_command && p->n_words > 0 && !p->want_help &&
	    (rc = misspelt_command(p)) != 0)
		return rc;
	if (!p->have_command)
		opt->command = p->n_words > 0 ? CLI_RUN : CLI_PRESENT;
	if (p->want_help) {
		opt->help_topic = p->have_command ? opt->command : CLI_PRESENT;
		if (opt->command == CLI_HELP)
			return finish_help(p);
		opt->command = CLI_HELP;
		return 0;
	}
	if (opt->command == CLI_HELP)
		return finish_help(p);
	if ((rc = check_options(p)) != 0 || (rc = check_arity(p)) != 0)
		return rc;
	if (p->want_version)
		opt->command = CLI_VERSION;
	if (opt->json_path && opt->csv_path && strcmp(opt->json_path, "-") == 0 &&
	    strcmp(opt->csv_path, "-") == 0)
		return fail(p, "'--json -' and '--csv -' cannot both write to standard output");
	if (opt->trace_every && !opt->trace_path)
		return fail(p, "option '--trace-every' needs '--trace'");
	if (opt->json_path || opt->csv_path || opt->plot_path || opt->record_path ||
	    opt->trace_path)
		opt->headless = 1;
	if (opt->has_at && !opt->gui)
		return fail(p, "option '--at' needs '--gui' or '--screenshot'");
	if (opt->gui && opt->headless)
		return fail(p, "option '--gui' opens a window: it cannot go with --headless, "
		            "--json, --csv, --plot, --record or --trace");
	opt->files = p->words;
	opt->n_files = p->n_words;
	p->words = NULL;
	return 0;
}

int cli_parse(int argc, char *const argv[], struct cli_options *opt, char *err, size_t errlen)
{
	struct parse p = {.opt = opt, .err = err, .errlen = errlen};
	int options_done = 0;
	int rc = 0;

	memset(opt, 0, sizeof(*opt));
	opt->command = CLI_PRESENT;
	opt->help_topic = CLI_PRESENT;
	if (errlen)
		err[0] = '\0';
	for (int i = 1; i < argc && rc == 0; i++) {
		const char *arg = argv[i];

		if (!options_done && strcmp(arg, "--") == 0)
			options_done = 1;
		else if (!options_done && arg[0] == '-' && arg[1] != '\0')
			rc = take_option(&p, argc, argv, &i);
		else
			rc = take_word(&p, argv[i], options_done);
	}
	if (rc == 0)
		rc = finish(&p);
	free((void *)p.words);
	return rc;
}

void cli_options_fini(struct cli_options *opt)
{
	for (int i = 0; i < opt->n_sets; i++) {
		free((void *)opt->sets[i].key);
		free((void *)opt->sets[i].value);
	}
	free(opt->sets);
	free((void *)opt->files);
	opt->sets = NULL;
	opt->n_sets = 0;
	opt->files = NULL;
	opt->n_files = 0;
}

static const char help_overview[] =
	"usage: gossipsim [--plain] [--notes]\n"
	"       gossipsim --gui\n"
	"       gossipsim [run options] FILE\n"
	"       gossipsim run [--headless] [--variant NAME] [--seed N] [--until TIME]\n"
	"                     [--json PATH] [--csv PATH] [--plot PATH] [--record PATH]\n"
	"                     [--trace PATH [--trace-every N]] [--set KEY=VALUE]...\n"
	"                     [--plain] FILE\n"
	"       gossipsim run --gui [--screenshot PATH] [--at TIME] [--variant NAME]\n"
	"                     [--seed N] [--until TIME] [--set KEY=VALUE]... FILE\n"
	"       gossipsim check [--set KEY=VALUE]... FILE...\n"
	"       gossipsim validate [--set KEY=VALUE]... FILE...\n"
	"       gossipsim dot [--variant NAME] [--set KEY=VALUE]... FILE\n"
	"       gossipsim diff [--set KEY=VALUE]... FILE1 FILE2\n"
	"       gossipsim list\n"
	"       gossipsim help [COMMAND] | --help | --version\n"
	"\n"
	"A teaching simulator of how gossip.com grew from one $5 VPS in 2004 to a\n"
	"multi-region platform in 2026, and the talk that tells it.\n"
	"\n"
	"With no arguments, gossipsim presents the talk in the terminal. Given an era or\n"
	"a scenario FILE, it replays it: live on a terminal, as a report otherwise.\n"
	"\n"
	"commands:\n"
	"  run FILE        simulate every variant of FILE (or one) and report\n"
	"  check FILE...   simulate every variant and judge its claims, a line per claim\n"
	"  validate FILE.. load the files only and say whether they are valid\n"
	"  list            the shipped eras and scenarios, by year\n"
	"  dot FILE        the topology as a Graphviz graph (dot -Tsvg draws it)\n"
	"  diff F1 F2      the boxes the later era adds, removes or changes\n"
	"  help COMMAND    the options of one command\n"
	"\n"
	"options:\n"
	"  --plain         no colours and no box drawing in the terminal\n"
	"  --notes         the speaker notes, following the talk from a second terminal\n"
	"  --gui           the talk, or with a FILE its live view, in a window (SDL2)\n"
	"  -h, --help      this text; after a command, that command's help\n"
	"  -V, --version   the version\n"
	"\n"
	"exit codes: 0 ok, 1 a claim failed, 64 usage error, 65 invalid data file,\n"
	"66 a file cannot be opened, 69 no drawing module for --gui, 70 internal error\n"
	"\n"
	"The file format is described in docs/format.md.\n";

static const char help_run[] =
	"usage: gossipsim run [--headless] [--variant NAME] [--seed N] [--until TIME]\n"
	"                     [--json PATH] [--csv PATH] [--plot PATH] [--record PATH]\n"
	"                     [--trace PATH [--trace-every N]] [--set KEY=VALUE]...\n"
	"                     [--plain] FILE\n"
	"       gossipsim run --gui [--screenshot PATH] [--at TIME] [--variant NAME]\n"
	"                     [--seed N] [--until TIME] [--set KEY=VALUE]... FILE\n"
	"       gossipsim [the same options] FILE\n"
	"\n"
	"Simulates the era or scenario FILE. On a terminal it opens the live view;\n"
	"otherwise, or with --headless, it runs each variant to its end and prints the\n"
	"incident log, the metrics, the claims, the fingerprint and the event count.\n"
	"\n"
	"options:\n"
	"  --headless        print the report even on a terminal\n"
	"  --variant NAME    only this variant (default: every variant)\n"
	"  --seed N          replace the scenario's seed (0 to 18446744073709551615)\n"
	"  --until TIME      stop at this simulated time (90s, 10m) instead of the end;\n"
	"                    a time past the end stops at the end; claims are only\n"
	"                    judged on a run that reached its end\n"
	"  --json PATH       also write the results as JSON (\"-\": standard output,\n"
	"                    instead of the report); implies --headless\n"
	"  --csv PATH        also write a row per simulated second and variant: latency,\n"
	"                    throughput, errors, users, each node's CPU, RAM and pool\n"
	"                    (\"-\": standard output, instead of the report)\n"
	"  --plot PATH       also draw latency, throughput, errors and the story\n"
	"                    counters over time, every variant overlaid (.png or .svg)\n"
	"  --record PATH     also record the live view as an asciinema v2 file (.cast):\n"
	"                    both variants side by side when there are two or more\n"
	"                    (one with --variant), at 10 simulated seconds a second\n"
	"  --trace PATH      also write sampled requests as a Chrome trace (JSON: open\n"
	"                    it in Perfetto or chrome://tracing): each hop a slice on\n"
	"                    its node, messages as arrows to their consumers\n"
	"  --trace-every N   trace one client request in N (default 100; 1: all)\n"
	"  --set KEY=VALUE   override a value of every variant, after its own set:\n"
	"                    (nodes.db.max_connections=2000); may be repeated (no\n"
	"                    other option may)\n"
	"  --plain           no colours and no box drawing in the live view\n"
	"  --gui             the live view in a window instead of the terminal (SDL2);\n"
	"                    not with --headless or the options that write files\n"
	"  --screenshot PATH write one frame of the window as a PNG (1920x1080) and\n"
	"                    exit, without a display; implies --gui\n"
	"  --at TIME         the window starts at, or the screenshot shows, this time:\n"
	"                    a time of day after the scenario's clock start (02:47:09)\n"
	"                    or a duration from the start (90s); a screenshot without\n"
	"                    it shows the end\n"
	"\n"
	"exit codes: 0 every claim held, 1 a claim failed, 64 usage error, 65 invalid\n"
	"data file, 66 a file cannot be opened, 69 no drawing module (--gui, --plot),\n"
	"70 internal error\n";

static const char help_check[] =
	"usage: gossipsim check FILE...\n"
	"       gossipsim check [--set KEY=VALUE]... FILE...\n"
	"\n"
	"Simulates every variant of each FILE to its end and judges its claims (expect:),\n"
	"printing a line per claim with PASS or FAIL and the value measured, then a\n"
	"summary line. A file that does not load is reported and the others still run.\n"
	"--set KEY=VALUE overrides a value of every variant of every FILE.\n"
	"\n"
	"exit codes: 0 every claim held, 1 a claim failed, 65 invalid data file,\n"
	"66 a file cannot be opened, 70 internal error (the highest one wins)\n";

static const char help_validate[] =
	"usage: gossipsim validate FILE...\n"
	"       gossipsim validate [--set KEY=VALUE]... FILE...\n"
	"\n"
	"Loads each FILE (and the era a scenario names) without simulating it and prints\n"
	"\"FILE: ok\", or every problem found as path:line:column: message. With --set,\n"
	"the overrides are checked too.\n"
	"\n"
	"exit codes: 0 every file is valid, 65 invalid data file, 66 a file cannot be\n"
	"opened (the highest one wins)\n";

static const char help_list[] =
	"usage: gossipsim list\n"
	"\n"
	"Lists the shipped eras and scenarios grouped by year, a line each with its path\n"
	"and title. The data folder is $GOSSIPSIM_DATADIR when set, otherwise the source\n"
	"tree gossipsim was built from, otherwise the installed share/gossipsim folder.\n"
	"\n"
	"exit codes: 0 ok, 65 a listed file is invalid, 66 no data folder found\n";

static const char help_dot[] =
	"usage: gossipsim dot [--variant NAME] [--set KEY=VALUE]... FILE\n"
	"\n"
	"Prints the topology of the era or scenario FILE as a Graphviz graph, left to\n"
	"right: the clients, the load balancers, the app servers, the caches and the\n"
	"databases, each with its name, label and kind, and an arrow for each path a\n"
	"request can take. A scenario shows its first variant, or the one named.\n"
	"\n"
	"  gossipsim dot scenarios/2007_sessions.yaml --variant fix | dot -Tsvg >t.svg\n"
	"\n"
	"exit codes: 0 ok, 64 usage error, 65 invalid data file, 66 a file cannot be\n"
	"opened\n";

static const char help_diff[] =
	"usage: gossipsim diff [--set KEY=VALUE]... FILE1 FILE2\n"
	"\n"
	"Compares two eras (or the eras of two scenarios, their first variants): the\n"
	"boxes FILE2 adds, with their kind and label, the boxes it removes, the values\n"
	"it changes in the boxes both have, and the text the later one gives for itself.\n"
	"\n"
	"exit codes: 0 ok, 64 usage error, 65 invalid data file, 66 a file cannot be\n"
	"opened\n";

static const char help_help[] =
	"usage: gossipsim help [COMMAND]\n"
	"\n"
	"The overview of every command, or the options of one: run, check, validate,\n"
	"dot, diff, list.\n";

const char *cli_help(enum cli_command topic)
{
	switch (topic) {
	case CLI_RUN:
		return help_run;
	case CLI_CHECK:
		return help_check;
	case CLI_VALIDATE:
		return help_validate;
	case CLI_LIST:
		return help_list;
	case CLI_HELP:
		return help_help;
	case CLI_DOT:
		return help_dot;
	case CLI_DIFF:
		return help_diff;
	default:
		return help_overview;
	}
}
