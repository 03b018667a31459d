#pragma once

#include "desktop/DropChoices.h"
#include "desktop/DroppedFiles.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;

namespace jobdeck {

// Asks what the dropped files should become: one of the choices that suit them, with how many files each suits,
// the files that cannot be used and why, an option to remember the choice for this file type, and, for a large
// drop, an explicit confirmation. Writes nothing itself.
class DropDialog final : public QDialog {
    Q_OBJECT
public:
    static constexpr int kConfirmAbove = 1000;

    DropDialog(const DroppedFiles &files, const DropChoices &choices, const QString &preferred, QWidget *parent = nullptr);

    QString choiceId() const;
    void setChoice(const QString &id);
    bool remember() const;
    // Files the chosen kind suits (the jobs accepting would create).
    int jobCount() const;

private:
    void update();

    const DroppedFiles &m_files;
    const DropChoices &m_choices;
    QListWidget *m_list;
    QLabel *m_summary;
    QLabel *m_problems;
    QCheckBox *m_remember;
    QCheckBox *m_confirm;
    QDialogButtonBox *m_buttons;
};

} // namespace jobdeck
