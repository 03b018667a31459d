#pragma once

#include "AppSettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace jobdeck {

struct Console;

// Settings: the runner's workers, how long finished jobs are kept (the database's retention, shared with the
// runners of other processes), the database's jobs folder (likewise shared), the hosts job callbacks may go to
// besides loopback ones (likewise shared), durability, keeping the runner in the tray when the window closes,
// serving the HTTP API, and light or dark. Applied when accepted.
class SettingsDialog final : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(Console &console, QWidget *parent = nullptr);

    // Writes what changed: workers and retention at once, the rest for this and later sessions.
    void apply();
    // The jobs folder as typed; empty: none.
    QString jobsFolder() const;
    void setJobsFolder(const QString &dir);

Q_SIGNALS:
    void appearanceChosen(jobdeck::AppSettings::Appearance appearance);

private:
    void showRetention(qint64 retentionMs);
    void checkJobsFolder();
    void checkHttpApi();
    void updateOk();

    Console &m_console;
    QLineEdit *m_jobsFolder = nullptr;
    QLabel *m_jobsFolderNote = nullptr;
    QPushButton *m_ok = nullptr;
    QSpinBox *m_workers;
    QComboBox *m_retention;
    QLineEdit *m_callbackHosts;
    QString m_callbackHostsStored;
    QComboBox *m_durability;
    QCheckBox *m_httpApi;
    QLineEdit *m_httpApiAddress;
    QLabel *m_httpApiNote;
    bool m_jobsFolderUsable = true;
    bool m_httpApiUsable = true;
    QCheckBox *m_tray;
    QComboBox *m_appearance;
    QPushButton *m_forgetDrops;
    QPushButton *m_askAgain;
    QLabel *m_askAgainNote;
    qint64 m_retentionMs = 0;
};

} // namespace jobdeck
