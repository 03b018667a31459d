#pragma once

#include <QString>
#include <QStringList>

namespace jobdeck {

// What is wrong with a callback URL; the text beside it is for people, the code for programs.
enum class CallbackUrlError { None, Malformed, BadScheme, NoHost, HostNotAllowed };

struct CallbackUrlCheck {
    CallbackUrlError error = CallbackUrlError::None;
    QString message; // never holds the URL's userinfo
    explicit operator bool() const { return error == CallbackUrlError::None; }
};

// The rules of callback URLs: http or https with a host, and a host that is loopback (127.0.0.0/8, ::1,
// localhost) or on the allow list, which the database keeps as a setting so that every runner, the window and
// the command line share it.
namespace CallbackUrl {
inline const QString kAllowSetting = QStringLiteral("callback_allow");

CallbackUrlCheck check(const QString &url, const QStringList &allowedHosts);
bool isLoopback(const QString &host);
// The URL with any user:password@ replaced by ***@, safe to print or log. Works on text that is not a URL
// too.
QString masked(const QString &url);
// "bad_callback_url" or "callback_host_not_allowed", for the HTTP API.
QString errorCode(CallbackUrlError error);

// The allow list as the setting stores it (hosts separated by commas, spaces or lines), lower case, no
// repeats.
QStringList parseHosts(const QString &setting);
QString formatHosts(const QStringList &hosts);
} // namespace CallbackUrl

} // namespace jobdeck
