"""The library's exceptions. The CLI turns each into a one-line `Error:` message."""


class DialogtoolError(Exception):
    "Something the user can fix went wrong"


class NoteError(DialogtoolError):
    "A note could not be read"


class NotesDirError(DialogtoolError):
    "The notes directory cannot be used"


class GuideError(DialogtoolError):
    "The interview guide is not valid"


class CodebookError(DialogtoolError):
    "themes.yaml is not valid"


class ProjectError(DialogtoolError):
    "The project database cannot be used as asked"


class ReviewSheetError(DialogtoolError):
    "The review workbook was edited in a way that cannot be imported"


class ExchangeError(DialogtoolError):
    "A REFI-QDA file cannot be imported"


class QuoteError(DialogtoolError):
    "A quote cannot be written"


class TemplateError(DialogtoolError):
    "A Word draft's placeholders cannot be filled"


class WordFileError(DialogtoolError):
    "A note cannot be exported to Word, or a template written, as asked"


class AgreementError(DialogtoolError):
    "Inter-coder agreement cannot be computed on the codings given"


class TypologyError(DialogtoolError):
    "A typology dimension, category, crosstab or override is not valid as asked"


class EvaluationError(DialogtoolError):
    "A gold file cannot be compared with the notes"


class SurveyError(DialogtoolError):
    "The survey file cannot be read as the survey's answers per county"


class ReportError(DialogtoolError):
    "The report draft cannot be written from this codebook"


class AnonymiseError(DialogtoolError):
    "The identifier finder cannot run or a note cannot be redacted"


class OutputError(DialogtoolError):
    "An output file or directory cannot be written"
