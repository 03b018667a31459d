#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace jobdeck {

// Writes metrics in Prometheus' text exposition format (version 0.0.4): each family once with its HELP and TYPE,
// label values escaped, numbers as Prometheus reads them.
class PrometheusText {
public:
    using Labels = QList<QPair<QByteArray, QString>>;

    // Starts a family; its samples follow. `type` is "gauge", "counter" or "histogram".
    void family(const QByteArray &name, const QByteArray &type, const QString &help);
    void sample(const QByteArray &name, const Labels &labels, double value);

    QByteArray text() const { return m_text; }
    static constexpr const char *kContentType = "text/plain; version=0.0.4; charset=utf-8";

private:
    QByteArray m_text;
};

} // namespace jobdeck
