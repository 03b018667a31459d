#include "ProcessLine.h"

#include "handlers/ProcessLaunch.h"
#include "runner/JobContext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <optional>

namespace jobdeck {

namespace {
const QByteArray kProgress = QByteArrayLiteral("##jobdeck[progress]");
const QByteArray kCheckpoint = QByteArrayLiteral("##jobdeck[checkpoint]");
const QByteArray kResult = QByteArrayLiteral("##jobdeck[result]");

// Any JSON value, not only an object or an array.
std::optional<QJsonValue> jsonValue(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
    if (doc.isArray() && doc.array().size() == 1)
        return doc.array().first();
    return std::nullopt;
}
} // namespace

void ProcessLineReader::feed(const QByteArray &data)
{
    qsizetype start = 0;
    while (start < data.size()) {
        const qsizetype newline = data.indexOf('\n', start);
        const qsizetype end = newline < 0 ? data.size() : newline;
        if (!m_discarding) {
            const qsizetype room = kMaxLineBytes - m_partial.size();
            m_partial.append(data.constData() + start, std::min(end - start, room));
            if (end - start > room) {
                // Over-long: it goes to the log now, cut, and the rest of it is dropped as it comes.
                line(m_partial);
                m_partial.clear();
                m_discarding = true;
            } else if (newline >= 0) {
                line(m_partial);
                m_partial.clear();
            }
        }
        if (newline < 0)
            break;
        m_discarding = false;
        start = newline + 1;
    }
}

void ProcessLineReader::finish()
{
    if (!m_partial.isEmpty() && !m_discarding)
        line(m_partial);
    m_partial.clear();
    m_discarding = false;
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
        if (const auto value = jsonValue(json)) {
            m_ctx.saveCheckpoint(*value);
            return;
        }
        m_ctx.error(QStringLiteral("ignored a checkpoint line that is not JSON: %1").arg(QString::fromUtf8(json.left(200))));
        return;
    }
    if (m_level == LogLevel::Info && bytes.startsWith(kResult)) {
        const QByteArray json = bytes.mid(kResult.size()).trimmed();
        if (const auto value = jsonValue(json)) {
            m_result = *value;
            return;
        }
        m_ctx.error(QStringLiteral("ignored a result line that is not JSON: %1").arg(QString::fromUtf8(json.left(200))));
        return;
    }
    const QString text = QString::fromUtf8(bytes);
    m_ctx.log(m_level, text);
    m_tail << text.left(JobContext::kLineLengthCap);
    if (m_tail.size() > ProcessLaunch::kErrorTailLines)
        m_tail.removeFirst();
}

} // namespace jobdeck
