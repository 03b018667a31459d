#include "AppSettings.h"

namespace jobdeck {

namespace {
const QString kDropGroup = QStringLiteral("dropChoices");
const QString kConfirmGroup = QStringLiteral("dontAskAgain");
}

QSettings AppSettings::open()
{
    return QSettings(QStringLiteral("Jobdeck"), QStringLiteral("jobdeck"));
}

int AppSettings::workers()
{
    return open().value(QStringLiteral("runner/workers"), 0).toInt();
}

void AppSettings::setWorkers(int workers)
{
    open().setValue(QStringLiteral("runner/workers"), workers);
}

QString AppSettings::durability()
{
    return open().value(QStringLiteral("runner/durability"), QStringLiteral("full")).toString();
}

void AppSettings::setDurability(const QString &durability)
{
    open().setValue(QStringLiteral("runner/durability"), durability);
}

bool AppSettings::servesHttpApi()
{
    return open().value(QStringLiteral("api/serve"), false).toBool();
}

QString AppSettings::httpApiAddress()
{
    return open().value(QStringLiteral("api/address"), QStringLiteral("127.0.0.1:8080")).toString();
}

void AppSettings::setHttpApi(bool serve, const QString &address)
{
    QSettings settings = open();
    settings.setValue(QStringLiteral("api/serve"), serve);
    settings.setValue(QStringLiteral("api/address"), address);
}

bool AppSettings::keepRunningInTray()
{
    return open().value(QStringLiteral("window/keepRunningInTray"), false).toBool();
}

void AppSettings::setKeepRunningInTray(bool keep)
{
    open().setValue(QStringLiteral("window/keepRunningInTray"), keep);
}

AppSettings::Appearance AppSettings::appearance()
{
    const QString value = open().value(QStringLiteral("window/appearance")).toString();
    if (value == QLatin1String("light"))
        return Appearance::Light;
    if (value == QLatin1String("dark"))
        return Appearance::Dark;
    return Appearance::System;
}

void AppSettings::setAppearance(Appearance appearance)
{
    const char *names[] = {"system", "light", "dark"};
    open().setValue(QStringLiteral("window/appearance"), QString::fromLatin1(names[static_cast<int>(appearance)]));
}

QString AppSettings::dropChoice(const QString &suffix)
{
    return open().value(kDropGroup + u'/' + suffix.toLower()).toString();
}

void AppSettings::setDropChoice(const QString &suffix, const QString &choice)
{
    open().setValue(kDropGroup + u'/' + suffix.toLower(), choice);
}

int AppSettings::rememberedDropChoices()
{
    QSettings s = open();
    s.beginGroup(kDropGroup);
    return int(s.childKeys().size());
}

void AppSettings::forgetDropChoices()
{
    open().remove(kDropGroup);
}

bool AppSettings::skipsConfirmation(ConfirmKind kind)
{
    return open().value(kConfirmGroup + u'/' + confirmKey(kind), false).toBool();
}

void AppSettings::setSkipsConfirmation(ConfirmKind kind, bool skip)
{
    QSettings s = open();
    if (skip)
        s.setValue(kConfirmGroup + u'/' + confirmKey(kind), true);
    else
        s.remove(kConfirmGroup + u'/' + confirmKey(kind));
}

int AppSettings::skippedConfirmations()
{
    QSettings s = open();
    s.beginGroup(kConfirmGroup);
    return int(s.childKeys().size());
}

void AppSettings::forgetConfirmations()
{
    open().remove(kConfirmGroup);
}

} // namespace jobdeck
