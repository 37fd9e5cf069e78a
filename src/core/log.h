/*
 * log.h - structured log lines on stderr: time, level, message, key=value.
 */
#ifndef UC_LOG_H
#define UC_LOG_H

enum uc_log_level { UC_LOG_DEBUG, UC_LOG_INFO, UC_LOG_WARN, UC_LOG_ERROR };

void uc_log_set_level(enum uc_log_level lvl);
void uc_log(enum uc_log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define uc_log_info(...) uc_log(UC_LOG_INFO, __VA_ARGS__)
#define uc_log_warn(...) uc_log(UC_LOG_WARN, __VA_ARGS__)
#define uc_log_error(...) uc_log(UC_LOG_ERROR, __VA_ARGS__)
#define uc_log_debug(...) uc_log(UC_LOG_DEBUG, __VA_ARGS__)

#endif
