#pragma once

#include "actions/Confirmation.h"

#include <QSettings>
#include <QString>

namespace jobdeck {

// The window's own preferences, per user (QSettings), as opposed to the database's settings (pause, retention)
// that every process on the database shares.
class AppSettings {
public:
    enum class Appearance { System, Light, Dark };

    static QSettings open();

    static int workers();                 // 0: one per core
    static void setWorkers(int workers);
    static QString durability();          // "full" or "normal"
    static void setDurability(const QString &durability);
    // The HTTP API the window serves when the command line gives no --http: on or off, and where (an address of
    // this computer, as --http takes it; kept while off).
    static bool servesHttpApi();
    static QString httpApiAddress();
    static void setHttpApi(bool serve, const QString &address);
    static bool keepRunningInTray();
    static void setKeepRunningInTray(bool keep);
    static Appearance appearance();
    static void setAppearance(Appearance appearance);
    // The drop choice remembered for a file type ("jpg"); empty if none.
    static QString dropChoice(const QString &suffix);
    static void setDropChoice(const QString &suffix, const QString &choice);
    static int rememberedDropChoices();
    static void forgetDropChoices();
    // Whether the user said "Don't ask again" to a kind of destructive command; forgetConfirmations() asks again.
    static bool skipsConfirmation(ConfirmKind kind);
    static void setSkipsConfirmation(ConfirmKind kind, bool skip);
    static int skippedConfirmations();
    static void forgetConfirmations();
};

} // namespace jobdeck
