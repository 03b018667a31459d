#include "NextOccurrenceBench.h"

#include "model/Duration.h"
#include "schedule/CivilTime.h"
#include "schedule/Recurrence.h"

#include <QElapsedTimer>
#include <vector>

namespace jobdeck::bench {

namespace {

struct Case {
    const char *expression;
    const char *zone;
    bool atLeastDaily;
};

const Case s_cases[] = {
    {"*/5 * * * *", "UTC", true},
    {"30 2 * * *", "Europe/Berlin", true},
    {"0 0 L * *", "America/New_York", false},
    {"0 12 * * 6#3", "Australia/Lord_Howe", false},
    {"0 0 29 2 *", "Europe/Berlin", false},
    {"15 10 LW * *", "America/New_York", false},
    {"0 9-17/2 * * 1-5", "Europe/Berlin", true},
    {"*/20 * * * * *", "Australia/Lord_Howe", true},
    {"0 0 1W * *", "UTC", false},
    {"@hourly", "America/New_York", true},
    {"*/15 1-3 * * *", "Australia/Lord_Howe", true},
    {"0 4 * * 5L", "Europe/Berlin", false},
};

// The obvious way: test each second in turn. Kept here only to show what the field-by-field search saves.
qint64 scanSecondBySecond(const Recurrence &r, qint64 afterMs)
{
    const CronExpression &cron = *r.expression();
    for (qint64 s = Civil::floorDiv(afterMs, 1000) + 1;; ++s) {
        if (cron.matches(s + r.zone().offsetAt(s)))
            return s * 1000;
    }
}

} // namespace

NextOccurrenceResult measureNextOccurrence(const BenchOptions &options)
{
    Q_UNUSED(options);
    NextOccurrenceResult result;
    std::vector<Recurrence> recurrences;
    std::vector<bool> daily;
    for (const Case &c : s_cases) {
        QString error;
        const auto r = Recurrence::parseCron(QString::fromLatin1(c.expression), QString::fromLatin1(c.zone), &error);
        if (!r) {
            result.problem = error;
            return result;
        }
        recurrences.push_back(*r);
        daily.push_back(c.atLeastDaily);
    }
    constexpr int kComputations = 10'000;
    constexpr qint64 kSpreadMs = 6'287'000; // about 73 minutes: 10,000 starts cover 2026 and 2027
    const qint64 start = *parseIsoTime(QStringLiteral("2026-01-01T00:00:00Z"));
    const auto from = [&](int i) { return start + qint64(i) * kSpreadMs + (i * 7919) % 60'000; };

    QElapsedTimer timer;
    timer.start();
    qint64 checksum = 0;
    for (int i = 0; i < kComputations; ++i) {
        const auto next = recurrences[size_t(i) % recurrences.size()].next(from(i));
        if (!next || *next <= from(i)) {
            result.problem = QStringLiteral("no occurrence after %1 for case %2").arg(formatIsoTime(from(i))).arg(i);
            return result;
        }
        checksum += *next % 1000;
    }
    result.totalMs = double(timer.nsecsElapsed()) / 1e6;
    result.computations = kComputations;
    result.perComputationUs = result.totalMs * 1000 / kComputations;

    // The same computations for the at-least-daily expressions, both ways, on a slice small enough to scan.
    constexpr int kScanComputations = 120;
    std::vector<int> picks;
    for (int i = 0; int(picks.size()) < kScanComputations; ++i) {
        if (daily[size_t(i) % recurrences.size()])
            picks.push_back(i);
    }
    timer.restart();
    for (int i : picks)
        checksum += scanSecondBySecond(recurrences[size_t(i) % recurrences.size()], from(i)) % 1000;
    result.scanPerComputationUs = double(timer.nsecsElapsed()) / 1e3 / kScanComputations;
    timer.restart();
    for (int i : picks)
        checksum += *recurrences[size_t(i) % recurrences.size()].next(from(i)) % 1000;
    result.fieldSearchOnScanSetUs = double(timer.nsecsElapsed()) / 1e3 / kScanComputations;
    if (checksum == 42)
        result.problem = QStringLiteral("checksum"); // keeps the work from being optimised away
    return result;
}

} // namespace jobdeck::bench
