#include "dialogs/AboutDialog.h"

#include "Icons.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace jobdeck {

const char *const AboutDialog::kLicence = "MIT licence. Copyright 2026 The Jobdeck developers.";

AboutDialog::AboutDialog(const QString &databasePath, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Jobdeck"));

    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::app().pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);
    auto *name = new QLabel(QStringLiteral("Jobdeck"), this);
    QFont big = name->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    name->setFont(big);
    auto *tagline = new QLabel(tr("A job console with an embedded job runner."), this);

    // The version is the application's, which main() sets from the project's version, as --version prints it.
    auto *version = new QLabel(QCoreApplication::applicationVersion(), this);
    version->setObjectName(QStringLiteral("aboutVersion"));
    auto *database = new QLabel(databasePath, this);
    database->setObjectName(QStringLiteral("aboutDatabase"));
    database->setWordWrap(true);
    auto *licence = new QLabel(tr(kLicence), this);
    licence->setObjectName(QStringLiteral("aboutLicence"));
    licence->setWordWrap(true);
    for (QLabel *selectable : {version, database, licence})
        selectable->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *facts = new QFormLayout;
    facts->addRow(tr("Version"), version);
    facts->addRow(tr("Database"), database);
    facts->addRow(tr("Licence"), licence);

    auto *text = new QVBoxLayout;
    text->addWidget(name);
    text->addWidget(tagline);
    text->addSpacing(12);
    text->addLayout(facts);
    auto *top = new QHBoxLayout;
    top->setSpacing(18);
    top->addWidget(icon);
    top->addLayout(text, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addSpacing(8);
    layout->addWidget(buttons);
    setMinimumWidth(480);
}

} // namespace jobdeck
