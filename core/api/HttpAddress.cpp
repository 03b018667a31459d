#include "HttpAddress.h"

namespace jobdeck {

std::optional<HttpAddress> HttpAddress::parse(const QString &text, QString *error)
{
    const auto fail = [&](const QString &why) -> std::optional<HttpAddress> {
        *error = QStringLiteral("bad --http \"%1\": %2 (write PORT, HOST:PORT or [IPv6]:PORT)").arg(text, why);
        return std::nullopt;
    };
    QString hostText;
    QString portText = text.trimmed();
    if (portText.startsWith(u'[')) {
        const qsizetype close = portText.indexOf(QLatin1String("]:"));
        if (close < 0)
            return fail(QStringLiteral("an IPv6 address needs a port after \"]:\""));
        hostText = portText.mid(1, close - 1);
        portText = portText.mid(close + 2);
    } else if (const qsizetype colon = portText.lastIndexOf(u':'); colon >= 0) {
        hostText = portText.left(colon);
        portText = portText.mid(colon + 1);
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535)
        return fail(QStringLiteral("the port must be a number from 0 to 65535"));
    HttpAddress address;
    address.port = quint16(port);
    if (hostText == QLatin1String("localhost"))
        hostText = QStringLiteral("127.0.0.1");
    if (!hostText.isEmpty() && !address.host.setAddress(hostText))
        return fail(QStringLiteral("\"%1\" is not an IP address").arg(hostText));
    error->clear();
    return address;
}

QString HttpAddress::toString() const
{
    const QString h = host.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + host.toString() + u']' : host.toString();
    return h + u':' + QString::number(port);
}

} // namespace jobdeck
