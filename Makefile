# chamilo-fcgi - Chamilo's REST web service (v2.php) as a FastCGI pool on PostgreSQL.
#
#   make            build build/chamilo-fcgi
#   make run        serve the demo campus on http://127.0.0.1:$${PORT:-8080}/main/webservices/api/v2.php
#   make test       unit tests + end-to-end tests through nginx and PostgreSQL
#   make asan       the same tests against an AddressSanitizer + UBSan build
#   make bench      wrk through nginx, beside a static-file ceiling
#   make import-test  only the import tests (t/import/: MariaDB -> pgloader -> PostgreSQL)
#   make bench-import chamilo-fcgi-import on 100,000 users and 1,000,000 tracking rows
#   make install    build/chamilo-fcgi, chamilo-fcgi-import and the schema under PREFIX
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

.PHONY: all deps run test unit e2e asan bench fuzz clean distclean import-test bench-import install

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
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@BUILD=$(BUILD) t/run-all.sh $(UNIT_BIN)

asan: deps
	@$(MAKE) --no-print-directory SANITIZE=1 test

run: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/stack/run.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/bench/bench.sh

import-test: $(BIN)
	@BUILD=$(BUILD) t/import/run.sh $(IMPORT_ARGS)

bench-import: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/bench/import-bench.sh

# chamilo-fcgi-import finds the schema at ../share/chamilo-fcgi/schema.sql
# from where it is installed (../sql/schema.sql in the checkout).
PREFIX ?= /usr/local
install: all
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/chamilo-fcgi
	install -D -m 0755 tools/chamilo-fcgi-import $(DESTDIR)$(PREFIX)/bin/chamilo-fcgi-import
	install -D -m 0644 sql/schema.sql $(DESTDIR)$(PREFIX)/share/chamilo-fcgi/schema.sql

clean:
	rm -rf build

distclean: clean
	@t/stack/stack.sh destroy .run 2>/dev/null || true
	rm -rf .run

-include $(LIB_OBJ:.o=.d) $(FCGI_OBJ:.o=.d) $(UNIT_BIN:%=%.d)
