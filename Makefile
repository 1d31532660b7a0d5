# composelint build. Plain make, no generated configure step.
#   make            build ./composelint (also: make all, make composelint)
#   make example    build and lint the bundled Mailu stack
#   make test       unit tests (cmocka), end-to-end cases (tests/golden and
#                   tests/compose), policy tests, report validators, meta checks
#   make unit       only the unit tests
#   make golden     only the end-to-end cases of tests/golden and tests/compose
#   make check      the whole suite under ASan + UBSan
#   make valgrind   the end-to-end cases under valgrind (leaks are errors);
#                   VALGRIND_SAMPLE=N runs every Nth case only
#   make bless      rewrite the end-to-end cases' expected files (review the diff)
#   make fuzz       build every libFuzzer harness of tests/fuzz (clang) and run
#                   each for FUZZ_SECONDS (default 60)
#   make lint-code  static analysis of lint/ (cppcheck)
#   make corpus     smoke run over ../shared/corpus when present
#   make bench      throughput measurement (never a pass/fail gate)
#   make deps       install the Debian packages composelint needs to build
#   make validators install the SARIF/JUnit validators and the compose oracle
#   make validate   only the report validators (SARIF, JUnit, ...)
#   make clean      remove every build tree and ./composelint

PKGS      := libfyaml libpcre2-8
CC        ?= cc
OPT       ?= -O2
CSTD      := -std=c11 -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8
WARN      := -Wall -Wextra -Werror -Wstrict-prototypes -Wformat=2 -Wshadow -Wvla
CFLAGS    ?= $(OPT) -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) $(SAN) -Ilint $(shell pkg-config --cflags $(PKGS))
LIBS       = $(shell pkg-config --libs $(PKGS)) -lm
BUILD     ?= build
VERSION   := $(shell cat VERSION)

LIB_SRC   := $(sort $(shell find lint -name '*.c' ! -path 'lint/cli/*'))
CLI_SRC   := $(sort $(wildcard lint/cli/*.c))
POL_SRC   := $(sort $(wildcard policies/builtin/*.pol))
GEN_SRC   := $(BUILD)/gen/builtin_policies.c
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o) $(GEN_SRC:.c=.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all example test unit golden check valgrind bless fuzz lint-code corpus bench deps validators validate clean

all: composelint

composelint: $(BUILD)/composelint
	cp $< $@

# The founding example: the Mailu review as policy, run on the Mailu stack as
# the review found it.  Findings (exit 1) are the point of the demo; only a
# failure to lint (exit 2) fails the target.
example: composelint
	@./composelint --policy policies/mailu.pol tests/fixtures/mailu/docker-compose.yml; test $$? -ne 2

$(BUILD)/composelint: $(CLI_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# The built-in rules written in the policy language, embedded as C strings.
$(GEN_SRC): $(POL_SRC) scripts/embed-policies
	@mkdir -p $(dir $@)
	sh scripts/embed-policies $@ $(POL_SRC)

$(GEN_SRC:.c=.o): $(GEN_SRC)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(VERSION_FLAG) -MMD -MP -c -o $@ $<

# Only the sources that print the version get it, and only they are rebuilt
# when VERSION changes.
VERSION_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(shell grep -rl --include='*.c' CL_VERSION lint))
$(VERSION_OBJ): VERSION
$(VERSION_OBJ): VERSION_FLAG = -DCL_VERSION='"$(VERSION)"'

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/tests/unit/helpers.o $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $^ $(LIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

CASES := tests/golden tests/compose

golden: $(BUILD)/composelint
	@sh tests/run-cases.sh $(BUILD)/composelint $(CASES)

test: $(BUILD)/composelint $(UNIT_BIN)
	@SAN='$(SAN)' sh tests/run-tests.sh $(BUILD)

# Sanitizer build lives in its own tree so it never mixes objects with the normal one.
check:
	$(MAKE) BUILD=build-san SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' OPT=-O1 test

valgrind: $(BUILD)/composelint
	@VALGRIND=1 sh tests/run-cases.sh $(BUILD)/composelint $(CASES)

FUZZ_SECONDS ?= 60

# On Debian, clang and libFuzzer are installed when they are missing.
fuzz: $(GEN_SRC)
	@if command -v dpkg-query >/dev/null 2>&1; then sh scripts/install-deps fuzz; fi
	@FUZZ_GEN=$(GEN_SRC) sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bless: $(BUILD)/composelint
	@BLESS=1 sh tests/run-cases.sh $(BUILD)/composelint $(CASES)

corpus: $(BUILD)/composelint
	@sh tests/run-corpus.sh $(BUILD)/composelint

bench: $(BUILD)/composelint
	@sh tests/bench.sh $(BUILD)/composelint

deps:
	@sh scripts/install-deps

validators:
	@sh scripts/install-validators

validate: $(BUILD)/composelint
	@sh tests/run-validators.sh $(BUILD)/composelint

lint-code:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --std=c11 -Ilint lint

clean:
	rm -rf build build-san composelint

-include $(shell find $(BUILD) build-san -name '*.d' 2>/dev/null)
