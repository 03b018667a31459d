#include "ActivityChart.h"

#include "StateStyle.h"

#include <QAreaSeries>
#include <QChart>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

namespace jobdeck {

ActivityChart::ActivityChart(Kind kind, QWidget *parent) : QChartView(parent), m_kind(kind)
{
    auto *chart = new QChart;
    chart->setBackgroundVisible(false);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setMargins(QMargins(4, 4, 8, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeCircle);
    chart->setAnimationOptions(QChart::NoAnimation);
    const QStringList names = kind == Kind::Throughput ? QStringList{tr("Succeeded"), tr("Failed")}
                                                       : QStringList{tr("Queued"), tr("Running")};
    m_time = new QDateTimeAxis(chart);
    m_time->setFormat(QStringLiteral("HH:mm"));
    m_time->setTickCount(7);
    m_values = new QValueAxis(chart);
    m_values->setLabelFormat(QStringLiteral("%d"));
    m_values->setMin(0);
    m_values->setTickType(QValueAxis::TicksDynamic);
    m_values->setTickAnchor(0);
    m_values->setTickInterval(1);
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_values, Qt::AlignLeft);
    for (int i = 0; i < 2; ++i) {
        m_lower[i] = new QLineSeries(chart);
        m_upper[i] = new QLineSeries(chart);
        m_areas[i] = new QAreaSeries(m_upper[i], m_lower[i]);
        m_areas[i]->setName(names[i]);
        chart->addSeries(m_areas[i]);
        m_areas[i]->attachAxis(m_time);
        m_areas[i]->attachAxis(m_values);
    }
    setChart(chart);
    // The window redraws all of itself when it turns inactive, as when a dialog opens over it, and drawing the
    // antialiased areas costs tens of milliseconds of its thread: each part of the chart keeps its last picture
    // until its figures change.
    for (QGraphicsItem *item : scene()->items())
        item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    setRenderHint(QPainter::Antialiasing);
    setFrameShape(QFrame::NoFrame);
    setMinimumHeight(fontMetrics().height() * 12);
    applyPalette();
}

void ActivityChart::setMinutes(const std::vector<ActivitySeries::Minute> &minutes)
{
    // The page asks every second; redrawing an antialiased chart costs tens of milliseconds of the window's
    // thread, so only a change of the figures is drawn.
    if (minutes == m_shown)
        return;
    m_shown = minutes;
    QList<QPointF> lower[2];
    QList<QPointF> upper[2];
    qint64 peak = 0;
    for (const ActivitySeries::Minute &m : minutes) {
        const double x = double(m.startMs);
        if (m_kind == Kind::Throughput) {
            // Failed stacked on succeeded: the top edge is all jobs done in the minute.
            lower[0] << QPointF(x, 0);
            upper[0] << QPointF(x, double(m.succeeded));
            lower[1] << QPointF(x, double(m.succeeded));
            upper[1] << QPointF(x, double(m.succeeded + m.failed));
            peak = std::max(peak, m.succeeded + m.failed);
        } else {
            lower[0] << QPointF(x, 0);
            upper[0] << QPointF(x, double(m.queued));
            lower[1] << QPointF(x, 0);
            upper[1] << QPointF(x, double(m.running));
            peak = std::max({peak, m.queued, m.running});
        }
    }
    for (int i = 0; i < 2; ++i) {
        m_lower[i]->replace(lower[i]);
        m_upper[i]->replace(upper[i]);
    }
    if (!minutes.empty()) {
        m_time->setRange(QDateTime::fromMSecsSinceEpoch(minutes.front().startMs),
                         QDateTime::fromMSecsSinceEpoch(minutes.back().startMs));
    }
    // Round steps (1, 2, 5 times a power of ten, about four of them) and a top a little above the peak, so the
    // labels read as numbers people count in and the shape is not pressed against the frame.
    const double rough = std::max(1.0, double(peak) * 1.1 / 4);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude * 10;
    for (const double m : {1.0, 2.0, 5.0}) {
        if (rough <= m * magnitude) {
            step = m * magnitude;
            break;
        }
    }
    m_values->setTickInterval(step);
    m_values->setMax(std::max({4.0, step, std::ceil(double(peak) * 1.1 / step) * step}));
}

QList<QPointF> ActivityChart::points(int series) const
{
    return m_upper[series]->points();
}

void ActivityChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

void ActivityChart::applyPalette()
{
    const QPalette &pal = palette();
    const QColor colours[2] = {
        m_kind == Kind::Throughput ? StateStyle::color(JobState::Succeeded, pal) : StateStyle::color(JobState::Scheduled, pal),
        m_kind == Kind::Throughput ? StateStyle::color(JobState::Failed, pal) : StateStyle::color(JobState::Running, pal),
    };
    for (int i = 0; i < 2; ++i) {
        QColor fill = colours[i];
        fill.setAlphaF(m_kind == Kind::Depth && i == 1 ? 0.25 : 0.45);
        m_areas[i]->setBrush(fill);
        m_areas[i]->setPen(QPen(colours[i], 1.6));
    }
    QColor grid = pal.color(QPalette::Mid);
    grid.setAlphaF(0.35);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_time), static_cast<QAbstractAxis *>(m_values)}) {
        axis->setLabelsColor(pal.color(QPalette::PlaceholderText));
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
        axis->setLabelsFont(font());
    }
    chart()->legend()->setLabelColor(pal.color(QPalette::Text));
    // The scene behind the chart: the card's colour, not the window's.
    setBackgroundBrush(pal.color(QPalette::Base));
    chart()->legend()->setFont(font());
}

} // namespace jobdeck
