#include "WatchSpec.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace jobdeck {

QString afterActionName(AfterAction action)
{
    switch (action) {
    case AfterAction::Leave:
        return QStringLiteral("leave");
    case AfterAction::MoveDone:
        return QStringLiteral("move-done");
    case AfterAction::Delete:
        return QStringLiteral("delete");
    }
    return {};
}

std::optional<AfterAction> afterActionFromName(const QString &name)
{
    for (AfterAction a : {AfterAction::Leave, AfterAction::MoveDone, AfterAction::Delete}) {
        if (afterActionName(a) == name)
            return a;
    }
    return std::nullopt;
}

QString skipReasonName(SkipReason reason)
{
    switch (reason) {
    case SkipReason::SymlinkOutside:
        return QStringLiteral("symlink-outside");
    case SkipReason::Unreadable:
        return QStringLiteral("unreadable");
    case SkipReason::SpecialFile:
        return QStringLiteral("special-file");
    case SkipReason::TooLarge:
        return QStringLiteral("too-large");
    }
    return {};
}

std::optional<SkipReason> skipReasonFromName(const QString &name)
{
    for (SkipReason r : {SkipReason::SymlinkOutside, SkipReason::Unreadable, SkipReason::SpecialFile, SkipReason::TooLarge}) {
        if (skipReasonName(r) == name)
            return r;
    }
    return std::nullopt;
}

QString skipReasonText(const QString &name)
{
    switch (skipReasonFromName(name).value_or(SkipReason::Unreadable)) {
    case SkipReason::SymlinkOutside:
        return QStringLiteral("symbolic link leading out of the folder");
    case SkipReason::Unreadable:
        return QStringLiteral("cannot be read");
    case SkipReason::SpecialFile:
        return QStringLiteral("not a regular file (pipe, socket or device)");
    case SkipReason::TooLarge:
        return QStringLiteral("larger than the watch's size limit");
    }
    return name;
}

QString WatchSpec::validate() const
{
    if (name.trimmed().isEmpty())
        return QStringLiteral("a watch needs a name");
    if (name.contains(u'/') || name.contains(u'\n'))
        return QStringLiteral("a watch's name may not contain / or a line break");
    if (dir.isEmpty() || !QDir::isAbsolutePath(dir))
        return QStringLiteral("the folder must be an absolute path");
    if (definition.isEmpty() && job.kind.isEmpty())
        return QStringLiteral("a watch needs a job kind or a job definition");
    if (!definition.isEmpty() && !job.kind.isEmpty())
        return QStringLiteral("give either a job kind or a job definition, not both");
    QJsonParseError error;
    const QJsonDocument payload = QJsonDocument::fromJson(job.payload, &error);
    if (error.error != QJsonParseError::NoError || !payload.isObject())
        return QStringLiteral("the payload template must be a JSON object");
    if (settleMs < 0 || settleMs > 24LL * 3600 * 1000)
        return QStringLiteral("the settle time must be between 0 and 24 hours");
    if (maxSize <= 0)
        return QStringLiteral("the size limit must be positive");
    for (const QString &p : patterns) {
        if (p.isEmpty() || p.contains(u'/'))
            return QStringLiteral("a pattern matches file names: \"%1\" is not one").arg(p);
    }
    return {};
}

bool WatchSpec::matches(const QString &fileName) const
{
    if (fileName.startsWith(u'.'))
        return false;
    if (patterns.isEmpty())
        return true;
    for (const QString &p : patterns) {
        const QRegularExpression glob(QRegularExpression::wildcardToRegularExpression(p));
        if (glob.match(fileName).hasMatch())
            return true;
    }
    return false;
}

QString WatchSpec::target() const
{
    return definition.isEmpty() ? job.kind : QStringLiteral("definition %1").arg(definition);
}

} // namespace jobdeck
