#pragma once

#include "models/ActivitySeries.h"

#include <QChartView>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace jobdeck {

// A chart of the last hour: jobs succeeded and failed per minute (stacked areas), or the queue depth and the
// running jobs. Colours follow the state colours and the palette, light or dark.
class ActivityChart final : public QChartView {
    Q_OBJECT
public:
    enum class Kind { Throughput, Depth };

    ActivityChart(Kind kind, QWidget *parent = nullptr);

    void setMinutes(const std::vector<ActivitySeries::Minute> &minutes);
    Kind kind() const { return m_kind; }
    // The values shown, for tests: one point per minute per series.
    QList<QPointF> points(int series) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    Kind m_kind;
    QLineSeries *m_lower[2] = {};
    QLineSeries *m_upper[2] = {};
    QAreaSeries *m_areas[2] = {};
    QDateTimeAxis *m_time = nullptr;
    QValueAxis *m_values = nullptr;
    std::vector<ActivitySeries::Minute> m_shown;
};

} // namespace jobdeck
