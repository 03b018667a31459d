#pragma once

#include <QDialog>

namespace jobdeck {

// About Jobdeck: the icon, the version (the one `jobdeck --version` prints), the database this window serves, and
// the licence. Main thread only.
class AboutDialog final : public QDialog {
    Q_OBJECT
public:
    static const char *const kLicence;

    AboutDialog(const QString &databasePath, QWidget *parent = nullptr);
};

} // namespace jobdeck
