// The console's keyboard shortcuts, listed in the top bar's "Keyboard shortcuts" (opened by ?).
// Each acts on an element of the page when it is there: / the case search, n "Claim the next
// case" (the queue), r the reply's text (a case), e the resolve form's root cause (a case). Keys
// typed into a field are the field's; a shortcut never takes a key with Ctrl, Alt or Meta.
(function () {
  'use strict';
  var help = document.getElementById('shortcut-help');

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    return target.isContentEditable || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
  }

  // A target inside a closed disclosure (a form folded away) is shown first.
  function reveal(element) {
    for (var node = element.parentElement; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS' && !node.open) node.open = true;
    }
  }

  function focus(id) {
    var element = document.getElementById(id);
    if (!element || element.disabled) return false;
    reveal(element);
    element.focus();
    return true;
  }

  function click(id) {
    var element = document.getElementById(id);
    if (!element || element.disabled) return false;
    element.click();
    return true;
  }

  function toggleHelp() {
    if (!help) return false;
    help.open = !help.open;
    if (help.open) help.querySelector('summary').focus();
    return true;
  }

  var ACTIONS = {
    '?': toggleHelp,
    '/': function () {
      return focus('nav-search');
    },
    n: function () {
      return click('claim-next');
    },
    r: function () {
      return focus('reply-body');
    },
    e: function () {
      return focus('resolve-root-cause');
    },
  };

  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape' && help && help.open) {
      help.open = false;
      return;
    }
    if (typing(event.target)) return;
    var action = ACTIONS[event.key];
    if (action && action()) event.preventDefault();
  });
})();
