/*
 * log.h - one line per event on stderr: time, pid, level, message.
 *
 * The master and the workers share stderr (a terminal, or the file the
 * service manager captures), so every line carries the pid. Messages are
 * formatted into a local buffer and written with one write(2), which keeps
 * lines from different processes whole.
 */
#ifndef CHAMILO_CORE_LOG_H
#define CHAMILO_CORE_LOG_H

typedef enum log_level { LOG_LEVEL_DEBUG, LOG_LEVEL_INFO, LOG_LEVEL_WARN, LOG_LEVEL_ERROR } log_level;

/* Messages below this level are dropped (default INFO). */
void log_set_level(log_level level);

void log_message(log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_message(LOG_LEVEL_DEBUG, __VA_ARGS__)
#define log_info(...) log_message(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_warn(...) log_message(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_error(...) log_message(LOG_LEVEL_ERROR, __VA_ARGS__)

#endif
