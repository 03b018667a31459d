#include "ProcessLine.h"

#include "handlers/ProcessLaunch.h"
#include "runner/JobContext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jobdeck {

namespace {
const QByteArray kProgress = QByteArrayLiteral("##jobdeck[progress]");
const QByteArray kCheckpoint = QByteArrayLiteral("##jobdeck[checkpoint]");
} // namespace

void ProcessLineReader::feed(const QByteArray &data)
{
    m_partial += data;
    qsizetype start = 0;
    for (qsizetype nl = m_partial.indexOf('\n'); nl >= 0; nl = m_partial.indexOf('\n', start)) {
        line(m_partial.mid(start, nl - start));
        start = nl + 1;
    }
    m_partial.remove(0, start);
    // A child that never ends its line must not grow this buffer without bound.
    if (m_partial.size() > kMaxLineBytes) {
        line(m_partial);
        m_partial.clear();
    }
}

void ProcessLineReader::finish()
{
    if (!m_partial.isEmpty())
        line(m_partial);
    m_partial.clear();
}

void ProcessLineReader::line(const QByteArray &raw)
{
    QByteArray bytes = raw;
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    if (m_level == LogLevel::Info && bytes.startsWith(kProgress)) {
        const QByteArray rest = bytes.mid(kProgress.size()).trimmed();
        const qsizetype space = rest.indexOf(' ');
        bool ok = false;
        const double fraction = (space < 0 ? rest : rest.left(space)).toDouble(&ok);
        if (ok) {
            m_ctx.setProgress(fraction, space < 0 ? QString() : QString::fromUtf8(rest.mid(space + 1)));
            return;
        }
    }
    if (m_level == LogLevel::Info && bytes.startsWith(kCheckpoint)) {
        const QByteArray json = bytes.mid(kCheckpoint.size()).trimmed();
        const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
        if (doc.isArray() && doc.array().size() == 1) {
            m_ctx.saveCheckpoint(doc.array().first());
            return;
        }
        m_ctx.error(QStringLiteral("ignored a checkpoint line that is not JSON: %1").arg(QString::fromUtf8(json.left(200))));
        return;
    }
    const QString text = QString::fromUtf8(bytes);
    m_ctx.log(m_level, text);
    m_tail << text;
    if (m_tail.size() > ProcessLaunch::kErrorTailLines)
        m_tail.removeFirst();
}

} // namespace jobdeck
