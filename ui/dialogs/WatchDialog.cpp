#include "dialogs/WatchDialog.h"

#include "model/Duration.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace jobdeck {

WatchDialog::WatchDialog(const QStringList &kinds, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("watchDialog"));
    setWindowTitle(tr("New watched folder"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("watchName"));
    m_name->setPlaceholderText(tr("photos"));
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("watchFolder"));
    m_folder->setPlaceholderText(tr("/srv/incoming"));
    auto *browse = new QPushButton(tr("Choose…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder to watch"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(dir));
    });
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    m_patterns = new QLineEdit(this);
    m_patterns->setObjectName(QStringLiteral("watchPatterns"));
    m_patterns->setPlaceholderText(tr("*.jpg, *.png (empty: every file)"));
    m_recursive = new QCheckBox(tr("Subfolders too (never done/ and failed/)"), this);
    m_recursive->setObjectName(QStringLiteral("watchRecursive"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("watchKind"));
    QStringList sorted = kinds;
    sorted.sort();
    m_kind->addItems(sorted);
    m_payload = new QLineEdit(this);
    m_payload->setObjectName(QStringLiteral("watchPayload"));
    m_payload->setPlaceholderText(QStringLiteral("{\"size\": 256}"));
    m_payload->setToolTip(tr("A JSON object; the file's \"path\", \"size\" and \"mtime\" are filled in."));
    m_settle = new QLineEdit(QStringLiteral("2s"), this);
    m_settle->setObjectName(QStringLiteral("watchSettle"));
    m_settle->setToolTip(tr("A file is complete once its size and time stayed the same this long."));
    m_after = new QComboBox(this);
    m_after->setObjectName(QStringLiteral("watchAfter"));
    m_after->addItem(tr("Leave the file where it is"), afterActionName(AfterAction::Leave));
    m_after->addItem(tr("Move it to done/ (failed/ when its job dies)"), afterActionName(AfterAction::MoveDone));
    m_after->addItem(tr("Delete it (failed/ when its job dies)"), afterActionName(AfterAction::Delete));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("watchProblem"));
    m_problem->setWordWrap(true);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    m_problem->setPalette(problemPalette);
    m_problem->setVisible(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Folder"), folderRow);
    form->addRow(tr("Files"), m_patterns);
    form->addRow(QString(), m_recursive);
    form->addRow(tr("Job kind"), m_kind);
    form->addRow(tr("Payload"), m_payload);
    form->addRow(tr("Settle time"), m_settle);
    form->addRow(tr("After success"), m_after);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Watch"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("watchOk"));
    connect(buttons, &QDialogButtonBox::accepted, this, &WatchDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &WatchDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

std::optional<WatchSpec> WatchDialog::spec()
{
    WatchSpec s;
    s.name = m_name->text().trimmed();
    const QFileInfo dir(QDir::fromNativeSeparators(m_folder->text().trimmed()));
    s.dir = QDir::cleanPath(dir.absoluteFilePath());
    for (const QString &p : m_patterns->text().split(u',', Qt::SkipEmptyParts))
        if (!p.trimmed().isEmpty())
            s.patterns << p.trimmed();
    s.recursive = m_recursive->isChecked();
    s.job.kind = m_kind->currentText();
    const QString payload = m_payload->text().trimmed();
    s.job.payload = payload.isEmpty() ? QByteArrayLiteral("{}") : payload.toUtf8();
    const auto settle = parseDuration(m_settle->text().trimmed());
    s.after = afterActionFromName(m_after->currentData().toString()).value_or(AfterAction::Leave);
    QString problem;
    if (m_folder->text().trimmed().isEmpty() || !dir.isDir())
        problem = tr("Choose a folder that exists.");
    else if (!settle)
        problem = tr("Write the settle time as a duration, like 500ms, 2s or 1m.");
    else {
        s.settleMs = *settle;
        problem = s.validate();
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (!problem.isEmpty())
        return std::nullopt;
    s.job.payload = QJsonDocument::fromJson(s.job.payload).toJson(QJsonDocument::Compact);
    return s;
}

void WatchDialog::accept()
{
    if (spec())
        QDialog::accept();
}

} // namespace jobdeck
