// The case page's composer: choosing a template over a typed draft asks first, in a dialog, instead
// of the page's own question (which is what happens without JavaScript). OK replaces the draft;
// Cancel keeps it and nothing is sent.
(function () {
  'use strict';
  document.querySelectorAll('form[data-composer]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (!button || !button.hasAttribute('data-template-use')) return;
      var subject = form.elements.namedItem('subject');
      var body = form.elements.namedItem('body');
      if (subject.value.trim() === '' && body.value.trim() === '') return;
      var select = form.elements.namedItem('template');
      var label = select.options[select.selectedIndex].text;
      var question =
        'Replace your draft with “' + label + '”?\n\nOK replaces it; Cancel keeps your draft.';
      if (window.confirm(question)) {
        // Read after this event: the form posts the agent's answer, not the question.
        button.value = 'replace';
      } else {
        event.preventDefault();
      }
    });
  });
})();
