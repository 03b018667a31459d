#pragma once

#include "watch/WatchSpec.h"

#include <QDialog>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace jobdeck {

// Asks for a new watched folder: name, folder, file patterns, subfolders, the job kind and its payload template,
// the settle time and what happens to a file after its job. spec() checks the answers and says what is wrong
// below the form; the page writes the watch. Objects for tests: watchName, watchFolder, watchPatterns,
// watchRecursive, watchKind, watchPayload, watchSettle, watchAfter, watchProblem.
class WatchDialog final : public QDialog {
    Q_OBJECT
public:
    WatchDialog(const QStringList &kinds, QWidget *parent = nullptr);

    // The watch as filled in, or nothing (with the reason shown) when something is missing or wrong.
    std::optional<WatchSpec> spec();

    void accept() override;

private:
    QLineEdit *m_name;
    QLineEdit *m_folder;
    QLineEdit *m_patterns;
    QCheckBox *m_recursive;
    QComboBox *m_kind;
    QLineEdit *m_payload;
    QLineEdit *m_settle;
    QComboBox *m_after;
    QLabel *m_problem;
};

} // namespace jobdeck
