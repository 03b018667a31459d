#pragma once

#include "model/JobRecord.h"

#include <QHash>
#include <QObject>
#include <array>
#include <map>

namespace jobdeck {

class Engine;
class PrometheusText;

// What this runner has done since it started, counted from the engine's events: jobs that ended, by queue and
// outcome, and how long attempts took, by kind (a histogram). Prometheus sums such counters over runners. Main
// thread only.
class JobMetrics final : public QObject {
    Q_OBJECT
public:
    static constexpr std::array<double, 16> kBucketsSeconds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                                            2.5,   5,    10,    30,   60,  300,  900, 3600};

    explicit JobMetrics(Engine &engine, QObject *parent = nullptr);

    void write(PrometheusText &out) const;

private:
    struct Histogram {
        std::array<qint64, kBucketsSeconds.size()> buckets{}; // not cumulative here
        qint64 count = 0;
        double sumSeconds = 0;
    };
    void onEvents(const QList<JobEvent> &events);

    QHash<qint64, qint64> m_startedAt;                          // jobs running here: when the attempt began
    std::map<std::pair<QString, QString>, qint64> m_finished;    // (queue, outcome) -> jobs
    std::map<QString, Histogram> m_durations;                    // kind -> attempts
};

} // namespace jobdeck
