# chamilo-fcgi - Chamilo's REST web service (v2.php) as a FastCGI pool on PostgreSQL.
#
#   make            build build/chamilo-fcgi
#   make run        serve the demo campus on http://127.0.0.1:$${PORT:-8080}/main/webservices/api/v2.php
#   make test       unit tests + end-to-end tests through nginx and PostgreSQL
#   make asan       the same tests against an AddressSanitizer + UBSan build
#   make bench      wrk through nginx, beside a static-file ceiling
#   make install    install under PREFIX (default /usr/local), staged in DESTDIR
#   make uninstall  remove what make install put there
#   make docs       the API reference, one HTML page: $(BUILD)/docs/api.html
#   make fuzz       each libFuzzer harness of t/fuzz/ for FUZZ_SECONDS (default
#                   60) with ASan + UBSan (UBSan findings fatal), from the seed
#                   corpus in t/fuzz/corpus/; `make test` runs them for seconds
#   make fuzz-stack the stack-level fuzzer (t/e2e/fuzz/: every action through
#                   nginx on a real database) for FUZZ_SECONDS (default 60)
#                   against the ASan + UBSan build; FUZZ_SEED picks the run
#   make soak       the fault tests of t/e2e/pool/ under load for SOAK_SECONDS
#                   (default 120) each instead of a few seconds
#   make import-test  only the import tests (t/import/: MariaDB -> pgloader -> PostgreSQL)
#   make live-test  only the live campus tests (t/live/: MariaDB's binlog -> chamilo-fcgi-follow)
#   make bench-live user_profile and a write action in live mode beside the migrated mode
#                   (t/bench/live_cost.py, in t/live/run.sh's MariaDB and stack)
#   make bench-import chamilo-fcgi-import on 100,000 users and 1,000,000 tracking rows
#   make bench-data a stack on a generated campus (t/bench/bench-data.sql) left
#                   running; BENCH_DATA_SCALE (default 1.0: 100,000 users) sizes it
#   make bench-actions  p50/p99 of every read action on the demo campus and on the
#                   one of make bench-data, side by side (t/bench/bench_actions.py)
#
# Sources are found by wildcard: a new action is a new .c file under
# lib/actions/ and a row in lib/api/actions.def, nothing here.

SANITIZE ?=
# V=1 prints every command in full; by default one short line per file.
V ?= 0
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif
BUILD    ?= build

PKGS := fcgi libpq json-c openssl libcrypt libmariadb
TEST_PKGS := cmocka

CC      ?= cc
WARN    := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
           -Wpointer-arith -Wcast-qual -Wsign-compare -Wformat=2 -Wundef -Wvla \
           -Wimplicit-fallthrough -Wnull-dereference -Wno-missing-field-initializers
# (Tables such as ACTION_PARAMS rows name their leading fields and leave the
# rest zero; clang's -Wextra would flag each row, gcc's does not.)
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

# chamilo-fcgi-follow (follower/): the live campus's binlog follower, its
# own program, linked with MariaDB's client library.
FOLLOW_SRC := $(sort $(wildcard follower/*.c))
FOLLOW_OBJ := $(FOLLOW_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/lib/core/mysql_url.o \
              $(BUILD)/obj/lib/core/gtid.o
FOLLOW_BIN := $(BUILD)/chamilo-fcgi-follow
FOLLOW_CFLAGS = $(shell pkg-config --cflags libmariadb libpq 2>/dev/null)
FOLLOW_LIBS   = $(shell pkg-config --libs libmariadb libpq 2>/dev/null)

# ---- install layout (GNU-style names; DESTDIR stages a package build).
PREFIX        ?= /usr/local
SBINDIR       ?= $(PREFIX)/sbin
DATADIR       ?= $(PREFIX)/share/chamilo-fcgi
MANDIR        ?= $(PREFIX)/share/man
DOCDIR        ?= $(PREFIX)/share/doc/chamilo-fcgi
# The configuration lives in /etc whatever PREFIX is (Debian's rule for
# /usr/local too); systemd reads units and sysusers.d under PREFIX/lib.
SYSCONFDIR    ?= /etc
CONFDIR       ?= $(SYSCONFDIR)/chamilo-fcgi
UNITDIR       ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR   ?= $(PREFIX)/lib/sysusers.d
MAN_PAGES     := $(BUILD)/man/chamilo-fcgi.8 $(BUILD)/man/chamilo-fcgi.conf.5 \
                 $(BUILD)/man/chamilo-fcgi-follow.8
# The installed configuration: the example, listening where the unit and the
# web server snippets expect the socket.
INSTALLED_CONF = sed 's|^listen = .*|listen = /run/chamilo-fcgi/fcgi.sock|' conf/chamilo-fcgi.conf.example

.PHONY: all deps run test unit e2e asan bench fuzz fuzz-build fuzz-stack soak clean distclean install uninstall \
        man config-example import-test live-test bench-import bench-data bench-actions docs \
        bench-live

all: $(BIN) $(FOLLOW_BIN)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^

$(BUILD)/obj/follower/%.o: follower/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(CFLAGS) $(FOLLOW_CFLAGS) -c $< -o $@

$(FOLLOW_BIN): $(FOLLOW_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(FOLLOW_OBJ) $(FOLLOW_LIBS)

$(BIN): $(FCGI_OBJ) $(LIBA)
	$(call say,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(FCGI_OBJ) $(LIBA) $(PKG_LIBS)

# The benchmark's ceilings: a bare libfcgi responder, with or without one
# database round trip (t/bench/fcgi_hello.c), and bcrypt alone
# (t/bench/bcrypt_rate.c).
BENCH_TOOLS := $(BUILD)/bench/fcgi_hello $(BUILD)/bench/bcrypt_rate
$(BUILD)/bench/%: t/bench/%.c
	@mkdir -p $(@D)
	$(call say,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) $< -o $@ $(LDFLAGS) $(PKG_LIBS)

$(BUILD)/t/%: t/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	$(call say,CCLD,$@)
	$(Q)$(CC) $(CFLAGS) $(TEST_CFLAGS) -It/unit $< -o $@ $(LDFLAGS) $(LIBA) $(PKG_LIBS) $(TEST_LIBS)

# chamilo-fcgi.conf(5) from the configuration table, through --print-config.
$(BUILD)/man/chamilo-fcgi.conf.5: $(BIN) man/conf-man.py
	@mkdir -p $(@D)
	$(BIN) --print-config | python3 man/conf-man.py >$@.tmp && mv $@.tmp $@

$(BUILD)/man/chamilo-fcgi.8: man/chamilo-fcgi.8
	@mkdir -p $(@D)
	cp $< $@

$(BUILD)/man/chamilo-fcgi-follow.8: man/chamilo-fcgi-follow.8
	@mkdir -p $(@D)
	cp $< $@

man: $(MAN_PAGES)

# The API reference: `chamilo-fcgi --openapi` rendered into one static HTML
# page by @redocly/cli build-docs, at the version docs/api/package-lock.json
# pins, installed by `npm ci` into build/docs-tools (node and npm: deps.sh).
# The page loads nothing from the network.
DOCS_TOOLS := build/docs-tools
REDOCLY    := $(DOCS_TOOLS)/node_modules/.bin/redocly
API_SPEC   := $(BUILD)/docs/openapi.json
API_PAGE   := $(BUILD)/docs/api.html

$(REDOCLY): docs/api/package.json docs/api/package-lock.json
	@mkdir -p $(DOCS_TOOLS)
	cp docs/api/package.json docs/api/package-lock.json $(DOCS_TOOLS)/
	cd $(DOCS_TOOLS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(API_SPEC): $(BIN)
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)$(BIN) --openapi >$@.tmp && mv $@.tmp $@

$(API_PAGE): $(API_SPEC) $(REDOCLY)
	$(call say,DOCS,$@)
	$(Q)$(REDOCLY) build-docs $(API_SPEC) --output $@.tmp.html --disableGoogleFont \
	    --theme.openapi.hideDownloadButton=true \
	    --title 'chamilo-fcgi: the REST web service (v2.php) reference' >$@.log 2>&1 \
	    || { cat $@.log; exit 1; }
	@mv $@.tmp.html $@

docs: deps
	@$(MAKE) --no-print-directory $(API_PAGE)

# An existing configuration is never overwritten (nor removed by uninstall
# unless it is still the example, unchanged); the same for follow.env, the
# follower's unit's environment (mode 0600: it holds MariaDB's password).
install: $(BIN) $(FOLLOW_BIN) $(MAN_PAGES) $(API_PAGE)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(CONFDIR) $(DESTDIR)$(DATADIR)/sql/migrations \
	    $(DESTDIR)$(DATADIR)/nginx $(DESTDIR)$(DATADIR)/apache $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(DOCDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(SBINDIR)/chamilo-fcgi
	install -m 0755 $(FOLLOW_BIN) $(DESTDIR)$(SBINDIR)/chamilo-fcgi-follow
	@# chamilo-fcgi-import finds the schema at ../share/chamilo-fcgi/sql/ from here.
	install -m 0755 tools/chamilo-fcgi-import $(DESTDIR)$(SBINDIR)/chamilo-fcgi-import
	install -m 0644 sql/schema.sql sql/demo.sql $(DESTDIR)$(DATADIR)/sql/
	install -m 0644 sql/migrations/*.sql $(DESTDIR)$(DATADIR)/sql/migrations/
	install -m 0644 nginx/chamilo-fcgi.conf $(DESTDIR)$(DATADIR)/nginx/
	install -m 0644 apache/chamilo-fcgi.conf $(DESTDIR)$(DATADIR)/apache/
	install -m 0644 $(BUILD)/man/chamilo-fcgi.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 $(BUILD)/man/chamilo-fcgi.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(BUILD)/man/chamilo-fcgi-follow.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 $(API_PAGE) $(API_SPEC) $(DESTDIR)$(DOCDIR)/
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    systemd/chamilo-fcgi.service.in >$(DESTDIR)$(UNITDIR)/chamilo-fcgi.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/chamilo-fcgi.service
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    systemd/chamilo-fcgi-follow.service.in >$(DESTDIR)$(UNITDIR)/chamilo-fcgi-follow.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/chamilo-fcgi-follow.service
	install -m 0644 systemd/chamilo-fcgi.sysusers $(DESTDIR)$(SYSUSERSDIR)/chamilo-fcgi.conf
	@if [ -e $(DESTDIR)$(CONFDIR)/chamilo-fcgi.conf ]; then \
	    echo "install: keeping the existing $(DESTDIR)$(CONFDIR)/chamilo-fcgi.conf"; \
	else \
	    $(INSTALLED_CONF) >$(DESTDIR)$(CONFDIR)/chamilo-fcgi.conf; \
	    chmod 0644 $(DESTDIR)$(CONFDIR)/chamilo-fcgi.conf; \
	fi
	@if [ -e $(DESTDIR)$(CONFDIR)/follow.env ]; then \
	    echo "install: keeping the existing $(DESTDIR)$(CONFDIR)/follow.env"; \
	else \
	    install -m 0600 systemd/follow.env $(DESTDIR)$(CONFDIR)/follow.env; \
	fi

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/chamilo-fcgi $(DESTDIR)$(SBINDIR)/chamilo-fcgi-import \
	    $(DESTDIR)$(SBINDIR)/chamilo-fcgi-follow \
	    $(DESTDIR)$(UNITDIR)/chamilo-fcgi.service $(DESTDIR)$(UNITDIR)/chamilo-fcgi-follow.service \
	    $(DESTDIR)$(SYSUSERSDIR)/chamilo-fcgi.conf $(DESTDIR)$(MANDIR)/man8/chamilo-fcgi.8 \
	    $(DESTDIR)$(MANDIR)/man8/chamilo-fcgi-follow.8 $(DESTDIR)$(MANDIR)/man5/chamilo-fcgi.conf.5
	@if [ -e $(DESTDIR)$(CONFDIR)/follow.env ] && \
	    ! cmp -s systemd/follow.env $(DESTDIR)$(CONFDIR)/follow.env; then \
	    echo "uninstall: keeping $(DESTDIR)$(CONFDIR)/follow.env (edited)"; \
	else \
	    rm -f $(DESTDIR)$(CONFDIR)/follow.env; \
	fi
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	@if [ -e $(DESTDIR)$(CONFDIR)/chamilo-fcgi.conf ] && \
	    ! $(INSTALLED_CONF) | cmp -s - $(DESTDIR)$(CONFDIR)/chamilo-fcgi.conf; then \
	    echo "uninstall: keeping $(DESTDIR)$(CONFDIR)/chamilo-fcgi.conf (edited)"; \
	else \
	    rm -f $(DESTDIR)$(CONFDIR)/chamilo-fcgi.conf; \
	    rmdir $(DESTDIR)$(CONFDIR) 2>/dev/null || true; \
	fi

# Installs missing Debian packages (as root), or prints the apt-get command.
deps:
	@t/stack/deps.sh

# Regenerates the documented example configuration from the table
# (t/unit/test_config.c fails while it is stale).
config-example: $(BIN)
	$(BIN) --print-config > conf/chamilo-fcgi.conf.example

unit: $(UNIT_BIN)
	@t/unit/run.sh $(UNIT_BIN)

e2e: $(BIN) $(BENCH_TOOLS)
	@BUILD=$(BUILD) t/e2e/run.sh $(E2E_ARGS)

# The bench's ceiling tools are built too: t/bench/test_*.py check them; and
# the API reference page, which t/e2e/flow/test_api_page.py opens.
test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(BENCH_TOOLS) fuzz-build $(API_PAGE)
	@BUILD=$(BUILD) FUZZ_BIN="$(FUZZ_BIN)" t/run-all.sh $(UNIT_BIN)

asan: deps
	@$(MAKE) --no-print-directory SANITIZE=1 test

run: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/stack/run.sh

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_TOOLS)
	@BUILD=$(BUILD) t/bench/bench.sh

import-test: $(BIN)
	@BUILD=$(BUILD) t/import/run.sh $(IMPORT_ARGS)

live-test: $(BIN) $(FOLLOW_BIN)
	@BUILD=$(BUILD) t/live/run.sh $(LIVE_ARGS)

bench-live: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) LIVE_SCRIPT=t/bench/live_cost.py t/live/run.sh

bench-import: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/bench/import-bench.sh

bench-data: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/bench/bench-data.sh

bench-actions: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) t/bench/bench-actions.sh

clean:
	rm -rf build

distclean: clean
	@t/stack/stack.sh destroy .run 2>/dev/null || true
	@t/stack/stack.sh destroy .bench-data 2>/dev/null || true
	rm -rf .run .bench-data

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
	$(call say,FUZZCC,$<)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/%: t/fuzz/%.c $(FUZZ_LIB_OBJ)
	@mkdir -p $(@D)
	$(call say,FUZZLD,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP $< $(FUZZ_LIB_OBJ) -o $@ $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@t/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

fuzz-stack: deps
	@$(MAKE) --no-print-directory SANITIZE=1 all
	@BUILD=build/asan E2E_APACHE=0 E2E_FUZZ_SECONDS=$(FUZZ_SECONDS) \
	    E2E_FUZZ_COUNT=$${FUZZ_COUNT:-100000000} E2E_FUZZ_SEED=$${FUZZ_SEED:-6} \
	    t/e2e/run.sh -k stack_fuzz

soak: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) E2E_SOAK_SECONDS=$${SOAK_SECONDS:-120} t/e2e/run.sh -k faults

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_BIN:%=%.d)
-include $(LIB_OBJ:.o=.d) $(FCGI_OBJ:.o=.d) $(FOLLOW_OBJ:.o=.d) $(UNIT_BIN:%=%.d)
