package dev.haechi.app.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * A console page that cannot be shown (no such person, plan or run; a bad filter) is a console page
 * saying why, with the navigation: never a framework error page.
 */
@ControllerAdvice(basePackages = "dev.haechi.app.console")
public class ConsoleErrors {
  @ExceptionHandler(ResponseStatusException.class)
  public ModelAndView status(
      ResponseStatusException e, HttpServletRequest req, HttpServletResponse res) {
    int status = e.getStatusCode().value();
    res.setStatus(status);
    ModelAndView mv = new ModelAndView("error");
    mv.setStatus(e.getStatusCode());
    mv.addObject("status", status);
    mv.addObject("message", e.getReason());
    mv.addObject("path", req.getRequestURI());
    return mv;
  }
}
