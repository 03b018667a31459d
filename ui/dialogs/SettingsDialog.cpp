#include "dialogs/SettingsDialog.h"

#include "Console.h"
#include "StateStyle.h"
#include "callbacks/CallbackUrl.h"
#include "definitions/JobDefinitions.h"
#include "definitions/JobsFolder.h"
#include "runner/Engine.h"
#include "storage/ReadThread.h"
#include "runner/Pruner.h"
#include "api/HttpAddress.h"
#include "storage/StoreError.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

constexpr qint64 kDayMs = 86'400'000;

// What "Don't ask again" was said to, in a few words.
QString skippedQuestions()
{
    QStringList names;
    for (const ConfirmKind kind : {ConfirmKind::CancelRunning, ConfirmKind::DeleteJobs, ConfirmKind::RequeueAll,
                                   ConfirmKind::DeleteSchedule, ConfirmKind::DeleteWatch, ConfirmKind::CancelBatch}) {
        if (!AppSettings::skipsConfirmation(kind))
            continue;
        switch (kind) {
        case ConfirmKind::CancelRunning: names << QObject::tr("cancelling running jobs"); break;
        case ConfirmKind::DeleteJobs: names << QObject::tr("deleting jobs"); break;
        case ConfirmKind::RequeueAll: names << QObject::tr("requeueing all dead jobs"); break;
        case ConfirmKind::DeleteSchedule: names << QObject::tr("deleting schedules"); break;
        case ConfirmKind::DeleteWatch: names << QObject::tr("removing watched folders"); break;
        case ConfirmKind::CancelBatch: names << QObject::tr("cancelling batches"); break;
        }
    }
    return names.isEmpty() ? QObject::tr("Jobdeck asks before cancelling running jobs or batches, deleting jobs, schedules "
                                         "or watched folders, and requeueing all dead jobs.")
                           : QObject::tr("Not asked now before %1.").arg(names.join(QStringLiteral(", ")));
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(Console &console, QWidget *parent) : QDialog(parent), m_console(console)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_workers = new QSpinBox(this);
    m_workers->setObjectName(QStringLiteral("workersSetting"));
    m_workers->setRange(1, 256);
    m_workers->setValue(console.engine.workers());
    m_workers->setEnabled(console.engine.runsJobs());

    m_retention = new QComboBox(this);
    m_retention->setObjectName(QStringLiteral("retentionSetting"));
    m_retention->addItem(tr("Keep everything"), qint64(0));
    for (const int days : {1, 7, 30, 90, 365})
        m_retention->addItem(days == 1 ? tr("1 day") : tr("%1 days").arg(days), qint64(days) * kDayMs);
    // Read on the read thread; until it is known the choice is disabled, so nothing is written by mistake.
    m_retention->setEnabled(false);
    console.reads.read<qint64>(
        this, [](StoreReader &reader) { return reader.setting(Pruner::kSetting, QStringLiteral("0")).toLongLong(); },
        [this](const qint64 &retention) { showRetention(retention); });

    m_callbackHosts = new QLineEdit(this);
    m_callbackHosts->setObjectName(QStringLiteral("callbackHostsSetting"));
    m_callbackHosts->setPlaceholderText(tr("only loopback hosts, like 127.0.0.1 and localhost"));
    m_callbackHosts->setClearButtonEnabled(true);
    m_callbackHosts->setEnabled(false); // until read, like the retention
    console.reads.read<QString>(
        this, [](StoreReader &reader) { return reader.setting(CallbackUrl::kAllowSetting, {}); },
        [this](const QString &hosts) {
            m_callbackHostsStored = CallbackUrl::formatHosts(CallbackUrl::parseHosts(hosts));
            m_callbackHosts->setText(CallbackUrl::parseHosts(hosts).join(QStringLiteral(", ")));
            m_callbackHosts->setEnabled(true);
        });

    QWidget *jobsFolderRow = nullptr;
    if (console.jobsFolder && console.definitions) {
        m_jobsFolder = new QLineEdit(QDir::toNativeSeparators(console.definitions->folder()), this);
        m_jobsFolder->setObjectName(QStringLiteral("jobsFolderSetting"));
        m_jobsFolder->setPlaceholderText(tr("none"));
        m_jobsFolder->setClearButtonEnabled(true);
        auto *choose = new QPushButton(tr("C&hoose…"), this);
        choose->setObjectName(QStringLiteral("chooseJobsFolder"));
        connect(choose, &QPushButton::clicked, this, [this] {
            const QString dir = QFileDialog::getExistingDirectory(this, tr("Jobs folder"), jobsFolder());
            if (!dir.isEmpty())
                setJobsFolder(dir);
        });
        jobsFolderRow = new QWidget(this);
        auto *row = new QHBoxLayout(jobsFolderRow);
        row->setContentsMargins(0, 0, 0, 0);
        row->addWidget(m_jobsFolder, 1);
        row->addWidget(choose);
        m_jobsFolderNote = note(QString(), this);
        m_jobsFolderNote->setObjectName(QStringLiteral("jobsFolderNote"));
        connect(m_jobsFolder, &QLineEdit::textChanged, this, &SettingsDialog::checkJobsFolder);
    }

    m_durability = new QComboBox(this);
    m_durability->setObjectName(QStringLiteral("durabilitySetting"));
    m_durability->addItem(tr("Full — every acknowledged write survives a power cut"), QStringLiteral("full"));
    m_durability->addItem(tr("Normal — faster for small writes; a power cut may lose the last ones"), QStringLiteral("normal"));
    m_durability->setCurrentIndex(std::max(0, m_durability->findData(AppSettings::durability())));

    m_httpApi = new QCheckBox(tr("Serve the HTTP API on"), this);
    m_httpApi->setObjectName(QStringLiteral("httpApiSetting"));
    m_httpApi->setChecked(AppSettings::servesHttpApi());
    m_httpApiAddress = new QLineEdit(AppSettings::httpApiAddress(), this);
    m_httpApiAddress->setObjectName(QStringLiteral("httpApiAddress"));
    m_httpApiAddress->setPlaceholderText(QStringLiteral("127.0.0.1:8080"));
    m_httpApiNote = note(QString(), this);
    m_httpApiNote->setObjectName(QStringLiteral("httpApiNote"));
    auto *httpApiRow = new QWidget(this);
    {
        auto *row = new QHBoxLayout(httpApiRow);
        row->setContentsMargins(0, 0, 0, 0);
        row->addWidget(m_httpApi);
        row->addWidget(m_httpApiAddress, 1);
    }
    connect(m_httpApi, &QCheckBox::toggled, this, &SettingsDialog::checkHttpApi);
    connect(m_httpApiAddress, &QLineEdit::textChanged, this, &SettingsDialog::checkHttpApi);

    m_tray = new QCheckBox(tr("Keep the runner working in the system tray when the window is closed"), this);
    m_tray->setObjectName(QStringLiteral("traySetting"));
    m_tray->setChecked(AppSettings::keepRunningInTray());

    m_appearance = new QComboBox(this);
    m_appearance->setObjectName(QStringLiteral("appearanceSetting"));
    m_appearance->addItems({tr("Like the system"), tr("Light"), tr("Dark")});
    m_appearance->setCurrentIndex(static_cast<int>(AppSettings::appearance()));

    m_forgetDrops = new QPushButton(this);
    m_forgetDrops->setObjectName(QStringLiteral("forgetDropChoices"));
    const int remembered = AppSettings::rememberedDropChoices();
    m_forgetDrops->setText(remembered ? tr("Forget %n remembered choice(s)", nullptr, remembered) : tr("None remembered"));
    m_forgetDrops->setEnabled(remembered > 0);
    connect(m_forgetDrops, &QPushButton::clicked, this, [this] {
        AppSettings::forgetDropChoices();
        m_forgetDrops->setText(tr("Forgotten"));
        m_forgetDrops->setEnabled(false);
    });

    m_askAgain = new QPushButton(tr("Ask again before destructive actions"), this);
    m_askAgain->setObjectName(QStringLiteral("askAgainConfirmations"));
    m_askAgain->setEnabled(AppSettings::skippedConfirmations() > 0);
    m_askAgainNote = note(skippedQuestions(), this);
    m_askAgainNote->setObjectName(QStringLiteral("askAgainNote"));
    connect(m_askAgain, &QPushButton::clicked, this, [this] {
        AppSettings::forgetConfirmations();
        m_askAgain->setEnabled(false);
        m_askAgainNote->setText(skippedQuestions());
    });

    auto *form = new QFormLayout;
    form->setVerticalSpacing(12);
    // A field with its explanation right under it, the label beside the field.
    const auto addRow = [this, form](const QString &label, QWidget *field, QWidget *focus, QLabel *explanation) {
        auto *box = new QWidget(this);
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(3);
        column->addWidget(field, 0, field == m_workers ? Qt::AlignLeft : Qt::Alignment());
        if (explanation)
            column->addWidget(explanation);
        auto *name = new QLabel(label, this);
        name->setBuddy(focus);
        form->addRow(name, box);
    };
    m_workers->setMinimumWidth(m_workers->fontMetrics().horizontalAdvance(QStringLiteral("0000")) + 50);
    addRow(tr("&Workers:"), m_workers, m_workers,
           note(console.engine.runsJobs() ? tr("Jobs this runner runs at once (%1 cores). Applies now, and at the next start "
                                               "unless --workers says otherwise.").arg(QThread::idealThreadCount())
                                          : tr("This window is a console: the runner serving the database sets its workers."),
                this));
    addRow(tr("&Keep finished jobs:"), m_retention, m_retention,
           note(tr("Older finished jobs and log lines are deleted in the background by every runner on this database "
                   "(the same setting as the command “jobdeck retention”)."), this));
    addRow(tr("&Callback hosts:"), m_callbackHosts, m_callbackHosts,
           note(tr("Hosts besides loopback ones that job callbacks may go to, separated by commas. Shared by every "
                   "runner on this database."), this));
    if (jobsFolderRow)
        addRow(tr("&Jobs folder:"), jobsFolderRow, m_jobsFolder, m_jobsFolderNote);
    addRow(tr("&Durability:"), m_durability, m_durability, note(tr("Takes effect the next time Jobdeck opens a database."), this));
    form->addRow(QString(), m_tray);
    addRow(tr("&HTTP API:"), httpApiRow, m_httpApi, m_httpApiNote);
    addRow(tr("&Appearance:"), m_appearance, m_appearance, nullptr);
    auto *forgetRow = new QWidget(this);
    auto *forgetLayout = new QHBoxLayout(forgetRow);
    forgetLayout->setContentsMargins(0, 0, 0, 0);
    forgetLayout->addWidget(m_forgetDrops);
    forgetLayout->addStretch(); // a button, not a bar across the dialog
    addRow(tr("Dropped files:"), forgetRow, m_forgetDrops, nullptr);
    auto *askAgainRow = new QWidget(this);
    auto *askAgainLayout = new QHBoxLayout(askAgainRow);
    askAgainLayout->setContentsMargins(0, 0, 0, 0);
    askAgainLayout->addWidget(m_askAgain);
    askAgainLayout->addStretch();
    addRow(tr("Questions:"), askAgainRow, m_askAgain, m_askAgainNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!m_ok->isEnabled())
            return;
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    checkHttpApi(); // its note first: the dialog's height counts it
    resize(620, sizeHint().height());
    if (m_jobsFolder)
        checkJobsFolder();
}

QString SettingsDialog::jobsFolder() const
{
    return m_jobsFolder ? QDir::fromNativeSeparators(m_jobsFolder->text().trimmed()) : QString();
}

void SettingsDialog::setJobsFolder(const QString &dir)
{
    if (m_jobsFolder)
        m_jobsFolder->setText(QDir::toNativeSeparators(dir));
}

void SettingsDialog::checkJobsFolder()
{
    const QString dir = jobsFolder();
    const bool exists = dir.isEmpty() || QFileInfo(dir).isDir();
    // A folder the database already names but that has gone is reported, yet does not hold up the other settings.
    const bool usable = exists || JobsFolder::remember(dir).value == m_console.definitions->folder();
    QString text;
    if (!exists) {
        text = tr("There is no folder %1.").arg(QDir::toNativeSeparators(dir));
    } else if (dir.isEmpty()) {
        text = tr("Scripts in DIR/triggered/NAME and DIR/continuous/NAME become jobs; the command “jobdeck definitions” lists them.");
    } else if (QFileInfo(dir) == QFileInfo(m_console.definitions->folder())) {
        int triggered = 0;
        int continuous = 0;
        int broken = 0;
        for (const JobDefinition &d : m_console.definitions->definitions()) {
            ++(d.isContinuous() ? continuous : triggered);
            broken += d.isValid() ? 0 : 1;
        }
        text = tr("%1 triggered and %2 continuous jobs").arg(triggered).arg(continuous);
        if (broken > 0)
            text += tr("; %n cannot run (the command “jobdeck definitions” says why)", nullptr, broken);
        text += tr(". Shared by every runner on this database.");
    } else {
        text = tr("Every runner on this database switches to this folder.");
    }
    m_jobsFolderNote->setText(text);
    QPalette pal = m_jobsFolderNote->palette();
    pal.setColor(QPalette::WindowText, exists ? palette().color(QPalette::PlaceholderText) : StateStyle::color(JobState::Dead, palette()));
    m_jobsFolderNote->setPalette(pal);
    m_jobsFolderNote->setForegroundRole(QPalette::WindowText);
    m_jobsFolderUsable = usable;
    updateOk();
}

void SettingsDialog::checkHttpApi()
{
    m_httpApiAddress->setEnabled(m_httpApi->isChecked());
    QString error;
    const auto address = HttpAddress::parse(m_httpApiAddress->text().trimmed(), &error);
    QString text;
    m_httpApiUsable = !m_httpApi->isChecked() || (address && address->isLoopback());
    if (!address) {
        text = error;
    } else if (!address->isLoopback()) {
        text = tr("Only this computer's addresses here: other machines need TLS, which the command line gives "
                  "(--http with --tls-cert and --tls-key).");
    } else if (!m_httpApi->isChecked()) {
        text = tr("Off. Other programs could start and follow jobs here over HTTP.");
    } else {
        text = tr("Other programs start and follow jobs at http://%1 with the token that the command “jobdeck api token” "
                  "prints. Applies at once; --http on the command line takes precedence.")
                   .arg(address->toString());
    }
    m_httpApiNote->setText(text);
    QPalette pal = m_httpApiNote->palette();
    pal.setColor(QPalette::WindowText, m_httpApiUsable ? palette().color(QPalette::PlaceholderText)
                                                       : StateStyle::color(JobState::Dead, palette()));
    m_httpApiNote->setPalette(pal);
    m_httpApiNote->setForegroundRole(QPalette::WindowText);
    updateOk();
}

void SettingsDialog::updateOk()
{
    if (m_ok)
        m_ok->setEnabled(m_jobsFolderUsable && m_httpApiUsable);
}

void SettingsDialog::showRetention(qint64 retentionMs)
{
    m_retentionMs = retentionMs;
    int index = m_retention->findData(m_retentionMs);
    if (index < 0) { // set from the command line to something the list does not offer
        m_retention->addItem(tr("%1 days").arg(double(m_retentionMs) / double(kDayMs), 0, 'f', 1), m_retentionMs);
        index = m_retention->count() - 1;
    }
    m_retention->setCurrentIndex(index);
    m_retention->setEnabled(true);
}

void SettingsDialog::apply()
{
    if (m_console.engine.runsJobs() && m_workers->value() != m_console.engine.workers()) {
        m_console.engine.setWorkers(m_workers->value());
        AppSettings::setWorkers(m_workers->value());
    }
    const qint64 retention = m_retention->currentData().toLongLong();
    if (m_retention->isEnabled() && retention != m_retentionMs) {
        // Pruned once the new setting is written, not before (the runner reads it back).
        Engine *engine = &m_console.engine;
        engine->submit({SetSetting{Pruner::kSetting, QString::number(retention)}}, engine,
                       [engine](const BatchResult &) { engine->pruneNow(); });
        m_retentionMs = retention;
    }
    const QString hosts = CallbackUrl::formatHosts(CallbackUrl::parseHosts(m_callbackHosts->text()));
    if (m_callbackHosts->isEnabled() && hosts != m_callbackHostsStored) {
        m_console.engine.submit({SetSetting{CallbackUrl::kAllowSetting, hosts}});
        m_callbackHostsStored = hosts;
    }
    if (m_jobsFolder && JobsFolder::remember(jobsFolder()).value != m_console.definitions->folder())
        m_console.jobsFolder->setFolder(jobsFolder());
    AppSettings::setDurability(m_durability->currentData().toString());
    AppSettings::setKeepRunningInTray(m_tray->isChecked());
    AppSettings::setHttpApi(m_httpApi->isChecked(), m_httpApiAddress->text().trimmed());
    const auto appearance = static_cast<AppSettings::Appearance>(m_appearance->currentIndex());
    if (appearance != AppSettings::appearance()) {
        AppSettings::setAppearance(appearance);
        Q_EMIT appearanceChosen(appearance);
    }
}

} // namespace jobdeck
