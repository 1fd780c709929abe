# chamilo-fcgi - Chamilo's REST web service (v2.php) as a FastCGI pool on PostgreSQL.
#
#   make            build build/chamilo-fcgi
#   make run        serve the demo campus on http://127.0.0.1:$${PORT:-8080}/main/webservices/api/v2.php
#   make test       unit tests + end-to-end tests through nginx and PostgreSQL
#   make asan       the same tests against an AddressSanitizer + UBSan build
#   make bench      wrk through nginx, beside a static-file ceiling
#   make fuzz       each libFuzzer harness of t/fuzz/ for FUZZ_SECONDS (default
#                   60) with ASan + UBSan (UBSan findings fatal), from the seed
#                   corpus in t/fuzz/corpus/; `make test` runs them for seconds
#   make soak       the fault tests of t/e2e/pool/ under load for SOAK_SECONDS
#                   (default 120) each instead of a few seconds
#
# Sources are found by wildcard: a new action is a new .c file under
# lib/actions/ and a row in lib/api/actions.def, nothing here.

SANITIZE ?=
BUILD    ?= build

PKGS := fcgi libpq json-c openssl libcrypt
TEST_PKGS := cmocka

CC      ?= cc
WARN    := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
           -Wpointer-arith -Wcast-qual -Wsign-compare -Wformat=2 -Wundef -Wvla \
           -Wimplicit-fallthrough -Wnull-dereference
HARDEN  := -fno-common -fstack-protector-strong -fPIE
CSTD    := -std=c17 -D_GNU_SOURCE

ifeq ($(SANITIZE),1)
  BUILD  := build/asan
  OPT    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDSAN  := -fsanitize=address,undefined
else
  OPT    := -O2 -g -D_FORTIFY_SOURCE=2
  LDSAN  :=
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

CFLAGS  += $(CSTD) $(OPT) $(WARN) $(HARDEN) -Ilib $(PKG_CFLAGS) -MMD -MP
LDFLAGS += -pie -Wl,-z,relro,-z,now $(LDSAN)

LIB_SRC  := $(sort $(wildcard lib/*/*.c lib/*/*/*.c))
FCGI_SRC := $(sort $(wildcard fcgi/*.c))
UNIT_SRC := $(sort $(wildcard t/unit/test_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
FCGI_OBJ := $(FCGI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:t/unit/%.c=$(BUILD)/t/%)
LIBA     := $(BUILD)/libchamilo.a
BIN      := $(BUILD)/chamilo-fcgi

.PHONY: all deps run test unit e2e asan bench fuzz fuzz-build soak clean distclean

all: $(BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(FCGI_OBJ) $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $(FCGI_OBJ) $(LIBA) $(PKG_LIBS)

$(BUILD)/t/%: t/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(TEST_CFLAGS) -It/unit $< -o $@ $(LDFLAGS) $(LIBA) $(PKG_LIBS) $(TEST_LIBS)

# Installs missing Debian packages (as root), or prints the apt-get command.
deps:
	@t/stack/deps.sh

unit: $(UNIT_BIN)
	@t/unit/run.sh $(UNIT_BIN)

e2e: $(BIN)
	@BUILD=$(BUILD) t/e2e/run.sh $(E2E_ARGS)

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) fuzz-build
	@BUILD=$(BUILD) FUZZ_BIN="$(FUZZ_BIN)" t/run-all.sh $(UNIT_BIN)

asan: deps
	@$(MAKE) --no-print-directory SANITIZE=1 test

run: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/stack/run.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/bench/bench.sh

clean:
	rm -rf build

distclean: clean
	@t/stack/stack.sh destroy .run 2>/dev/null || true
	rm -rf .run

# ---- fuzzing (clang's libFuzzer; t/fuzz/run.sh runs the harnesses) ----
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := $(CSTD) -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) $(WARN) -Ilib $(PKG_CFLAGS)
FUZZ_SRC     := $(sort $(wildcard t/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_SRC:t/fuzz/%.c=$(FUZZ_DIR)/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/%: t/fuzz/%.c $(FUZZ_LIB_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP $< $(FUZZ_LIB_OBJ) -o $@ $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@t/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

soak: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) E2E_SOAK_SECONDS=$${SOAK_SECONDS:-120} t/e2e/run.sh -k faults

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_BIN:%=%.d)
-include $(LIB_OBJ:.o=.d) $(FCGI_OBJ:.o=.d) $(UNIT_BIN:%=%.d)
